package io.rvnt.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-member cluster of docs/cluster.md in one JVM: replication, forwarding, roles. */
class ClusterTest {
  static final byte[] EMPTY = new byte[0];

  @TempDir Path dir;
  ClusterFixture cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A registration that a patient client makes (a 503 during an election is retried). */
  RawHttp.Response register(String member, TestIdentity user, int opks) throws Exception {
    return cluster.write(member, "POST", "/v1/register",
        Map.of(Headers.POW, user.registerPow(cluster.pow(ClusterFixture.REGISTER_BITS))), user.registrationBody(opks));
  }

  @Test
  void theActiveLeadsAndEitherInstanceServesWritesThatEveryMemberApplies() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    assertThat(cluster.awaitLeader()).as("the highest priority leads").isEqualTo("alpha");
    for (String member : ClusterFixture.NAMES) {
      assertThat(cluster.node(member).healthy()).as("%s, knowing the leader and lagging by nothing, is healthy",
          member).isTrue();
    }
    TestIdentity alice = TestIdentity.create("alice");
    assertThat(register("alpha", alice, 3).status()).as("registered on the leader").isEqualTo(201);
    RawHttp.Response bundle = cluster.write("beta", "GET", "/v1/bundle/alice", Map.of(), EMPTY);
    assertThat(bundle.status()).as("the passive forwards an OPK-taking fetch").isEqualTo(200);
    assertThat(WireCodec.decodeBundle(bundle.body()).oneTimePreKey()).map(OneTimePreKey::id).contains(1);
    TestIdentity bob = TestIdentity.create("bob");
    assertThat(register("beta", bob, 1).status()).as("the passive forwards a registration").isEqualTo(201);
    cluster.awaitConverged();
    Map<String, byte[]> leader = cluster.data("alpha");
    for (String member : ClusterFixture.NAMES) {
      assertThat(cluster.data(member)).as("%s holds what the leader holds", member)
          .usingRecursiveComparison().isEqualTo(leader);
    }
    assertThat(leader.keySet()).contains("bundle:alice", "opk:alice:0000000002", "bundle:bob")
        .doesNotContain("opk:alice:0000000001");
  }

  @Test
  void withTheWitnessDownWritesWorkAndWithTwoMembersDownTheyGet503AndNothingAcknowledgedIsLost() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of("cluster-request-timeout", "3s"));
    cluster.awaitLeader();
    cluster.stop("gamma");
    TestIdentity alice = TestIdentity.create("alice");
    assertThat(register("beta", alice, 2).status()).as("two of three members still commit").isEqualTo(201);
    cluster.stop("beta");
    TestIdentity bob = TestIdentity.create("bob");
    RawHttp.Response refused = cluster.exchange("alpha", "POST", "/v1/register",
        Map.of(Headers.POW, bob.registerPow(cluster.pow(ClusterFixture.REGISTER_BITS))), bob.registrationBody(2));
    assertThat(refused.status()).as("one member alone acknowledges nothing").isEqualTo(503);
    assertThat(refused.header("Retry-After")).as("the client is told when to retry").isNotNull();
    cluster.start("beta");
    cluster.awaitLeader();
    RawHttp.Response bundle = cluster.write("beta", "GET", "/v1/bundle/alice", Map.of(), EMPTY);
    assertThat(bundle.status()).as("the registration acknowledged with the witness down is kept").isEqualTo(200);
  }

  @Test
  void aWriteOverTheLimitOfWritesInFlightGets503AtOnce() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of("cluster-max-writes-in-flight", "1", "cluster-request-timeout", "60s"));
    cluster.awaitLeader();
    // With the two others down no entry commits: alpha's one write waits until its deadline.
    cluster.stop("beta");
    cluster.stop("gamma");
    TestIdentity alice = TestIdentity.create("alice");
    CompletableFuture<RawHttp.Response> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return cluster.exchange("alpha", "POST", "/v1/register",
            Map.of(Headers.POW, alice.registerPow(cluster.pow(ClusterFixture.REGISTER_BITS))),
            alice.registrationBody(1));
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    Await.until(ClusterFixture.DEADLINE, "alpha's one write is in flight",
        () -> cluster.node("alpha").writesInFlight() == 1);
    TestIdentity bob = TestIdentity.create("bob");
    RawHttp.Response refused = cluster.exchange("alpha", "POST", "/v1/register",
        Map.of(Headers.POW, bob.registerPow(cluster.pow(ClusterFixture.REGISTER_BITS))), bob.registrationBody(1));
    assertThat(refused.status()).as("a second write over a limit of one is refused").isEqualTo(503);
    assertThat(refused.header("Retry-After")).as("the client is told when to retry").isNotNull();
    assertThat(waiting).as("refused at once: the first write still waits for its deadline").isNotDone();
    cluster.start("beta");
    assertThat(waiting.get(ClusterFixture.DEADLINE.toSeconds() * 2, TimeUnit.SECONDS).status())
        .as("the first write commits once a majority is back").isEqualTo(201);
  }

  @Test
  void theWitnessServesNoClient() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    assertThat(cluster.server("gamma").listenAddresses()).as("no API listener on the witness").isEmpty();
    assertThat(cluster.server("alpha").listenAddresses()).hasSize(1);
  }
}
