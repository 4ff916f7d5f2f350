package io.rvnt.operator.cluster;

import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.MetricsHistory;
import io.rvnt.operator.metrics.MetricsSample;
import io.rvnt.operator.metrics.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Metrics samples of the sandbox's three members, with the gauges their admin listeners export. */
final class ClusterSamples {
  static final List<String> MEMBERS = List.of("identity-active", "identity-passive", "identity-witness");

  private ClusterSamples() {}

  static MetricsSample member(boolean leads, long term, long commit, long applied) {
    Map<String, Double> gauges = new HashMap<>();
    gauges.put("cluster_leader", leads ? 1.0 : 0.0);
    gauges.put("cluster_leader_known", 1.0);
    gauges.put("cluster_term", (double) term);
    gauges.put("cluster_commit_index", (double) commit);
    gauges.put("cluster_applied_index", (double) applied);
    gauges.put("cluster_lag", (double) (commit - applied));
    for (String name : MEMBERS) {
      gauges.put("cluster_member_witness_" + name, name.endsWith("witness") ? 1.0 : 0.0);
    }
    return new MetricsSample("identity", "1", Duration.ofSeconds(1), Instant.EPOCH, List.of(), 0, 0, 0, 0, 0, 0,
        gauges, Map.of());
  }

  static MetricsSample withoutLeader(long term) {
    Map<String, Double> gauges = new HashMap<>(member(false, term, 5, 5).gauges());
    gauges.put("cluster_leader_known", 0.0);
    MetricsSample s = member(false, term, 5, 5);
    return new MetricsSample(s.role(), s.version(), s.uptime(), s.takenAt(), s.endpoints(), 0, 0, 0, 0, 0, 0, gauges,
        Map.of());
  }

  static Observation running(String name, MetricsSample sample) {
    MetricsHistory history = new MetricsHistory(3);
    history.add(sample);
    return new Observation(status(name, InstanceState.RUNNING), io.rvnt.operator.metrics.Health.HEALTHY,
        Optional.of(sample), history, Optional.empty());
  }

  /** A member whose process ended: its last sample is still kept. */
  static Observation failed(String name, MetricsSample last) {
    MetricsHistory history = new MetricsHistory(3);
    history.add(last);
    return new Observation(status(name, InstanceState.FAILED), io.rvnt.operator.metrics.Health.UNKNOWN,
        Optional.of(last), history, Optional.empty());
  }

  private static InstanceStatus status(String name, InstanceState state) {
    return new InstanceStatus(name, Role.IDENTITY, "local", state, Optional.empty(), OptionalLong.empty(),
        List.of(), List.of());
  }
}
