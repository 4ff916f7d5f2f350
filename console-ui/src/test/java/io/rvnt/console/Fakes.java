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
