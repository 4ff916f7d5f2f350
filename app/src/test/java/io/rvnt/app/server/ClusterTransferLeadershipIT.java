package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rvnt cluster transfer-leadership} against three real members: leadership moves to the named instance,
 * stays there, writes go on through either instance, it moves back to the active; a name no member has, the witness
 * and a cluster without a leader are refused with the reason. The admin {@code /metrics} carries the leader, term,
 * commit and applied index and lag the command and the console read.
 */
class ClusterTransferLeadershipIT {
  /** Generous on a busy 2-core machine: elections, a transfer, JVM starts; no timing assertion. */
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ClusterProcesses cluster;
  private int users;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void leadershipMovesToTheNamedInstanceAndBackAndWritesGoOn() throws Exception {
    cluster = ClusterProcesses.create(dir, "cluster-election-timeout = 1s", "cluster-request-timeout = 15s");
    cluster.startAllLedByTheActive(DEADLINE);
    String metrics = cluster.metrics("beta").orElseThrow();
    for (String family : List.of("cluster_leader", "cluster_leader_known", "cluster_term", "cluster_commit_index",
        "cluster_applied_index", "cluster_lag")) {
      assertThat(ClusterProcesses.sample(metrics, family)).as("/metrics exports rvnt_identity_%s", family)
          .isPresent();
    }

    CommandRun.Result moved = cluster.cli("gamma", "transfer-leadership", "--to", "beta");
    assertThat(moved.exitCode()).as("the transfer succeeds: %s", moved).isZero();
    assertThat(moved.stdout()).isEqualTo("leadership moved to beta\n");
    Await.until(DEADLINE, () -> "every member agrees beta leads\n" + cluster.output(),
        () -> cluster.agreedLeader().filter("beta"::equals).isPresent());
    assertThat(register("alpha")).as("a write through the former leader is acknowledged").isEqualTo(201);
    assertThat(register("beta")).as("a write through the new leader is acknowledged").isEqualTo(201);
    assertThat(cluster.agreedLeader()).as("beta keeps leading: the active does not take leadership back")
        .contains("beta");
    CommandRun.Result again = cluster.cli("alpha", "transfer-leadership", "--to", "beta");
    assertThat(again.stdout()).as("asking for the leader it has is no change").isEqualTo("beta leads already\n");

    CommandRun.Result back = cluster.cli("beta", "transfer-leadership", "--to", "alpha");
    assertThat(back.exitCode()).as("moving back to the active: %s", back).isZero();
    Await.until(DEADLINE, () -> "every member agrees alpha leads again\n" + cluster.output(),
        () -> cluster.agreedLeader().filter("alpha"::equals).isPresent());
    assertThat(register("beta")).as("a write after moving back is acknowledged").isEqualTo(201);
  }

  @Test
  void anUnknownMemberTheWitnessAndNoLeaderAreRefusedWithTheReason() throws Exception {
    cluster = ClusterProcesses.create(dir, "cluster-election-timeout = 1s", "cluster-request-timeout = 15s");
    cluster.startAllLedByTheActive(DEADLINE);

    CommandRun.Result unknown = cluster.cli("alpha", "transfer-leadership", "--to", "delta");
    assertThat(unknown.exitCode()).as("an unknown member is refused").isEqualTo(1);
    assertThat(unknown.stderr()).contains("no cluster member is named delta; the members are alpha, beta, gamma");
    CommandRun.Result witness = cluster.cli("alpha", "transfer-leadership", "--to", "gamma");
    assertThat(witness.exitCode()).as("the witness is refused as a leader").isEqualTo(1);
    assertThat(witness.stderr()).contains("gamma is the witness");
    assertThat(cluster.agreedLeader()).as("a refused transfer changes nothing").contains("alpha");

    cluster.stop("alpha");
    cluster.stop("gamma");
    Await.until(DEADLINE, "beta, alone, knows no leader",
        () -> cluster.metrics("beta").flatMap(m -> ClusterProcesses.sample(m, "cluster_leader_known").stream()
            .boxed().findFirst()).filter(known -> known == 0).isPresent());
    CommandRun.Result leaderless = cluster.cli("beta", "transfer-leadership", "--to", "beta");
    assertThat(leaderless.exitCode()).as("without a leader nothing moves").isEqualTo(1);
    assertThat(leaderless.stderr()).contains("the cluster has no leader");
  }

  /** Registers a new user through {@code member}'s API: the status. */
  private int register(String member) throws IOException {
    TestIdentity user = TestIdentity.create("mover" + ++users);
    InetSocketAddress api = cluster.member(member).orElseThrow().api().orElseThrow();
    try (RawHttp http = RawHttp.connect(api, HTTP_TIMEOUT)) {
      return http.exchange("POST", "/v1/register", Map.of(Headers.POW, user.registerPow(TestPow.now(ServerApi.REGISTER_BITS)),
          "Content-Type", Headers.CONTENT_TYPE_PROTOBUF), user.registrationBody(2)).status();
    }
  }
}
