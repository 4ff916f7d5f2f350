package io.rvnt.daemon.admin;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a component's figures into reporting periods: counts are the growth of the snapshot's cumulative counters
 * since the previous period, percentiles those of the period its latency windows kept. Not thread-safe: one
 * reporter thread calls it.
 */
final class AggregatePeriods {
  private final AdminComponent component;
  private final ProcessMetrics process;
  private final Duration interval;
  private final Map<String, EndpointStats> previous = new HashMap<>();

  AggregatePeriods(AdminComponent component, ProcessMetrics process, Duration interval) {
    this.component = component;
    this.process = process;
    this.interval = interval;
  }

  /** The lines of the period that ends now; the next one starts. Blocking: the snapshot walks the data dir. */
  List<String> next() {
    MetricsSnapshot now = process.complete(component.name(), component.snapshot());
    Map<String, LatencyWindow.Period> periods = new HashMap<>();
    component.latencyWindows().forEach((endpoint, window) -> periods.put(endpoint, window.takePeriod()));
    List<String> lines = AggregateLines.of(component.schema(), now, previous, periods, interval);
    for (EndpointStats e : now.getEndpointsList()) {
      previous.put(e.getEndpoint(), e);
    }
    return lines;
  }
}
