package io.rvnt.daemon.admin;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.Map;

/**
 * A server's part in the admin listener: the identity server, a bootstrap node, a relay. The listener adds the
 * process's own figures (version, uptime, heap, disk) to what {@link #snapshot()} returns, and names everything in
 * /metrics after {@link #name()}.
 */
public interface AdminComponent {

  /**
   * The {@code <component>} of {@code rvnt_<component>_...} and the snapshot's role: lower case letters, digits and
   * underscores, such as {@code identity}, {@code bootstrap}, {@code relay}.
   */
  String name();

  /** What the figures of {@link #snapshot()} mean, for the names and HELP texts of /metrics. */
  MetricsSchema schema();

  /**
   * The component's aggregates: endpoints, open connections, its own gauges and counters (each one declared in
   * {@link #schema()}). Called on the admin worker, never on an event loop, so it may block (count a store, say);
   * nothing in it may identify a user, a client, a circuit or a peer.
   */
  MetricsSnapshot snapshot();

  /**
   * Each endpoint's latency window, by the endpoint's name in {@link #snapshot()}: the same windows the snapshot's
   * percentiles come from. The {@link AggregateReporter} alone takes its periods ({@link LatencyWindow#takePeriod()}),
   * for percentiles over exactly one reporting period.
   */
  Map<String, LatencyWindow> latencyWindows();

  /**
   * Whether the component is serving, for {@code GET /health}. Called on the admin event loop: it must return at
   * once (read a flag), never touch the disk or the network.
   */
  boolean healthy();
}
