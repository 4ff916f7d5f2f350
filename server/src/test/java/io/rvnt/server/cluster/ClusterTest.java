package io.rvnt.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import java.nio.file.Path;
import java.util.Map;
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
  void theWitnessServesNoClient() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    assertThat(cluster.server("gamma").listenAddresses()).as("no API listener on the witness").isEmpty();
    assertThat(cluster.server("alpha").listenAddresses()).hasSize(1);
  }
}
