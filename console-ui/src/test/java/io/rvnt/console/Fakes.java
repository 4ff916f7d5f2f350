package io.rvnt.console;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.EndpointSample;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsHistory;
import io.rvnt.operator.metrics.MetricsSample;
import io.rvnt.operator.metrics.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/** Observations and instances made by hand for view-model tests. */
public final class Fakes {
  private Fakes() {}

  public static InstanceStatus status(String name, Role role, InstanceState state, List<Endpoint> endpoints,
      List<String> warnings) {
    return new InstanceStatus(name, role, "local", state,
        state == InstanceState.RUNNING ? Optional.of(Instant.ofEpochSecond(1000)) : Optional.empty(),
        state == InstanceState.RUNNING ? OptionalLong.of(1234) : OptionalLong.empty(), endpoints, warnings);
  }

  public static Observation observation(InstanceStatus status, Health health, MetricsHistory history) {
    return new Observation(status, health, history.latest(), history, Optional.empty());
  }

  public static MetricsSample sample(long atSecond, long registerRequests, double p50) {
    return new MetricsSample("identity", "0.1.0", Duration.ofSeconds(atSecond), Instant.ofEpochSecond(atSecond),
        List.of(new EndpointSample("register", registerRequests, 2, 1, 0, p50, p50 * 2, p50 * 3),
            new EndpointSample("bundle", registerRequests * 2, 0, 0, 0, 1, 2, 3)),
        1024, 2L << 30, 4L << 30, 50L << 20, 256L << 20, 3, Map.of(), Map.of());
  }

  /** The sandbox's cluster members, as their admin listeners name them. */
  public static final List<String> MEMBERS = List.of("identity-active", "identity-passive", "identity-witness");

  /**
   * A cluster member's sample with the gauges its admin listener exports: whether it leads, its term and lag; the
   * witness is identity-witness.
   */
  public static MetricsSample member(boolean leads, long term, long lag) {
    java.util.Map<String, Double> gauges = new java.util.HashMap<>();
    gauges.put("cluster_leader", leads ? 1.0 : 0.0);
    gauges.put("cluster_leader_known", 1.0);
    gauges.put("cluster_term", (double) term);
    gauges.put("cluster_commit_index", 100.0);
    gauges.put("cluster_applied_index", 100.0 - lag);
    gauges.put("cluster_lag", (double) lag);
    for (String name : MEMBERS) {
      gauges.put("cluster_member_witness_" + name, name.equals("identity-witness") ? 1.0 : 0.0);
    }
    return new MetricsSample("identity", "0.1.0", Duration.ofSeconds(10), Instant.ofEpochSecond(10), List.of(), 0,
        0, 0, 0, 0, 0, gauges, Map.of());
  }

  /** A running member's observation, its sample fresh. */
  public static Observation member(String name, MetricsSample sample) {
    MetricsHistory history = new MetricsHistory(3);
    history.add(sample);
    return observation(status(name, Role.IDENTITY, InstanceState.RUNNING, List.of(), List.of()), Health.HEALTHY,
        history);
  }

  /** An instance that records what it was asked to do. */
  public static final class FakeInstance implements Instance {
    private final String name;
    private final Role role;
    public volatile InstanceState state = InstanceState.STOPPED;
    public volatile int starts;
    public volatile int stops;

    public FakeInstance(String name, Role role) {
      this.name = name;
      this.role = role;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Role role() {
      return role;
    }

    @Override
    public InstanceStatus status() {
      return Fakes.status(name, role, state, List.of(), List.of());
    }

    @Override
    public void start(BooleanSupplier cancelled) throws OperatorException {
      starts++;
      state = InstanceState.RUNNING;
    }

    @Override
    public void stop() {
      stops++;
      state = InstanceState.STOPPED;
    }
  }
}
