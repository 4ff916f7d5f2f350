package io.rvnt.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.TestIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a member whose data directory was wiped catches up by snapshot installation once the leader's log
 * before its latest snapshot is purged, and then holds exactly what the leader holds.
 */
class SnapshotCatchUpTest {
  private static final int USERS = 24;
  private static final int PREKEYS = 100;

  @TempDir Path dir;
  ClusterFixture cluster;
  private final Logger stateMachineLog = Logger.getLogger(IdentityStateMachine.class.getName());
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @AfterEach
  void stop() {
    stateMachineLog.removeHandler(capture);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWipedMemberCatchesUpFromASnapshotAndHoldsWhatTheLeaderHolds() throws Exception {
    stateMachineLog.addHandler(capture);
    // Small segments and frequent snapshots, so that the log the wiped member would need is purged.
    cluster = ClusterFixture.start(dir, Map.of("cluster-snapshot-every", "100", "cluster-request-timeout", "30s",
        "cluster-log-segment-size", "64KiB", "max-prekeys-per-upload", Integer.toString(PREKEYS)));
    cluster.awaitLeader();
    cluster.stop("beta");
    CheckpointStorage.deleteTree(dir.resolve("beta"));
    for (int i = 0; i < USERS; i++) {
      TestIdentity user = TestIdentity.create("user" + i);
      assertThat(cluster.write("alpha", "POST", "/v1/register",
          Map.of(Headers.POW, user.registerPow(cluster.pow(ClusterFixture.REGISTER_BITS))),
          user.registrationBody(PREKEYS))
          .status()).as("registration %d is acknowledged by alpha and gamma", i).isEqualTo(201);
    }
    for (int i = 0; i < 100; i++) {
      assertThat(cluster.write("alpha", "GET", "/v1/bundle/user" + (i % USERS), Map.of(), new byte[0]).status())
          .as("fetch %d", i).isEqualTo(200);
    }
    Await.until(ClusterFixture.DEADLINE, "alpha took a snapshot", () -> logged.stream()
        .anyMatch(line -> line.startsWith("snapshot taken")));

    logged.clear();
    cluster.start("beta");
    cluster.awaitConverged();
    assertThat(logged).as("beta caught up by installing the leader's snapshot")
        .anyMatch(line -> line.contains("caught up from a snapshot"));
    assertThat(cluster.data("beta")).as("beta holds what alpha holds")
        .usingRecursiveComparison().isEqualTo(cluster.data("alpha"));
  }
}
