package io.rvnt.daemon.admin;

import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.concurrent.Executor;

/**
 * What the admin handler answers from: the component, its schema, the process's figures, and the one worker that
 * builds snapshots off the event loop (it throws {@link java.util.concurrent.RejectedExecutionException} when its
 * queue is full).
 */
record Scrapes(AdminComponent component, MetricsSchema schema, ProcessMetrics process, Executor worker) {

  /** The whole snapshot: blocking (the component may count a store; the process walks the data directory). */
  MetricsSnapshot snapshot() {
    return process.complete(component.name(), component.snapshot());
  }

  String prometheusText(MetricsSnapshot snapshot) {
    return PrometheusText.format(schema, snapshot);
  }
}
