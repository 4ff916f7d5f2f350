package io.rvnt.operator.metrics;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Polls every instance's admin listener ({@code /health}, {@code /metrics.pb}) and keeps a {@link MetricsHistory}
 * per instance. {@link #poll()} does one round on the calling thread; whoever owns the schedule (the console, a
 * CLI) calls it periodically off any UI thread. Thread-safe.
 */
public final class InstanceMonitor {
  /** Charts of a few minutes read well at one point every few seconds. */
  public static final java.time.Duration DEFAULT_INTERVAL = java.time.Duration.ofSeconds(2);

  private final Supplier<List<Instance>> instances;
  private final AdminClient admin;
  private final int historyCapacity;
  private final Map<String, MetricsHistory> histories = new ConcurrentHashMap<>();

  public InstanceMonitor(Supplier<List<Instance>> instances, AdminClient admin, int historyCapacity) {
    this.instances = instances;
    this.admin = admin;
    this.historyCapacity = historyCapacity;
  }

  /** One round over every instance, in their order. */
  public List<Observation> poll() throws InterruptedException {
    List<Observation> round = new ArrayList<>();
    for (Instance instance : instances.get()) {
      round.add(observe(instance));
    }
    return round;
  }

  private Observation observe(Instance instance) throws InterruptedException {
    InstanceStatus status = instance.status();
    MetricsHistory history = histories.computeIfAbsent(instance.name(), n -> new MetricsHistory(historyCapacity));
    Optional<String> adminUrl = status.adminUrl();
    if (status.state() != InstanceState.RUNNING || adminUrl.isEmpty()) {
      return new Observation(status, Health.UNKNOWN, history.latest(), history, Optional.empty());
    }
    URI url = URI.create(adminUrl.get());
    Health health = admin.health(url) ? Health.HEALTHY : Health.UNHEALTHY;
    try {
      MetricsSample sample = admin.metrics(url);
      history.add(sample);
      return new Observation(status, health, Optional.of(sample), history, Optional.empty());
    } catch (OperatorException e) {
      return new Observation(status, health, history.latest(), history, Optional.of(e.getMessage()));
    }
  }
}
