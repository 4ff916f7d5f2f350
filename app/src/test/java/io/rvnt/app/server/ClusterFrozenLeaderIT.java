package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.server.store.RocksDbIdentityStore;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a leader frozen with SIGSTOP while the others elect a new one acknowledges nothing that the cluster did
 * not commit once it resumes (every 201 it gives is on every member), and rejoins with the new term as a follower
 * before leadership returns to it.
 */
class ClusterFrozenLeaderIT {
  private static final Duration DEADLINE = Duration.ofSeconds(180);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;
  private ClusterProcesses cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      for (String name : cluster.running()) {
        cluster.thaw(name);
      }
      cluster.close();
    }
  }

  @Test
  void aFrozenLeaderAcknowledgesNothingUncommittedAfterItResumesAndRejoinsAsAFollower() throws Exception {
    cluster = ClusterProcesses.create(dir, "cluster-election-timeout = 1s", "cluster-request-timeout = 10s");
    cluster.startAllLedByTheActive(DEADLINE);
    long frozenTerm = term("alpha").orElseThrow();
    InetSocketAddress alphaApi = cluster.member("alpha").orElseThrow().api().orElseThrow();
    InetSocketAddress betaApi = cluster.member("beta").orElseThrow().api().orElseThrow();
    List<String> acknowledged = new ArrayList<>();

    cluster.freeze("alpha");
    // Sent to the frozen leader: it waits in the socket until alpha resumes.
    TestIdentity early = TestIdentity.create("sent_to_frozen");
    CompletableFuture<Integer> toFrozen = CompletableFuture.supplyAsync(() -> register(alphaApi, early));
    Await.until(DEADLINE, () -> "beta and gamma elect a leader without alpha\n" + cluster.metrics("beta").orElse("")
        + cluster.metrics("gamma").orElse("") + cluster.output(),
        () -> cluster.agreedLeader(List.of("beta", "gamma")).filter(l -> !l.equals("alpha")).isPresent());
    for (int i = 0; i < 3; i++) {
      TestIdentity user = TestIdentity.create("while_frozen_" + i);
      Await.until(DEADLINE, "a registration is acknowledged while alpha is frozen",
          () -> register(betaApi, user) == 201);
      acknowledged.add(user.username());
    }
    cluster.thaw("alpha");

    int answer = toFrozen.get();
    if (answer == 201) {
      acknowledged.add(early.username());
    }
    Await.until(DEADLINE, "alpha rejoins with a newer term than it was frozen with",
        () -> term("alpha").orElse(0) > frozenTerm);
    TestIdentity after = TestIdentity.create("after_thaw");
    Await.until(DEADLINE, "alpha serves writes again", () -> register(alphaApi, after) == 201);
    acknowledged.add(after.username());
    Await.until(DEADLINE, "every member applied every committed entry", cluster::converged);
    for (String name : ClusterProcesses.NAMES) {
      cluster.stop(name);
    }
    for (String name : ClusterProcesses.NAMES) {
      Set<String> keys;
      try (RocksDbIdentityStore store = RocksDbIdentityStore.openReplica(cluster.dataDir(name).resolve("state"))) {
        keys = store.entries().keySet();
      }
      for (String username : acknowledged) {
        assertThat(keys).as("%s holds %s, acknowledged with %s", name, username, answer)
            .contains("bundle:" + username);
      }
    }
  }

  private OptionalLong term(String member) {
    Optional<String> metrics = cluster.metrics(member);
    return metrics.isEmpty() ? OptionalLong.empty() : ClusterProcesses.sample(metrics.get(), "cluster_term");
  }

  private static int register(InetSocketAddress api, TestIdentity user) {
    try (RawHttp http = RawHttp.connect(api, HTTP_TIMEOUT)) {
      return http.exchange("POST", "/v1/register", Map.of(Headers.POW, user.registerPow(TestPow.now(ServerApi.REGISTER_BITS)),
          "Content-Type", Headers.CONTENT_TYPE_PROTOBUF), user.registrationBody(2)).status();
    } catch (Exception e) {
      return -1;
    }
  }
}
