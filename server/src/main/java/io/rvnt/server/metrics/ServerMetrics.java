package io.rvnt.server.metrics;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity server's own aggregates: per-route counts and latencies, open connections. The admin listener adds
 * the process's figures (heap, disk, uptime). Nothing in them identifies a user, a client or a circuit: routes are
 * fixed names, never paths. Thread-safe.
 */
public final class ServerMetrics {
  private final Map<String, RouteMetrics> routes = new LinkedHashMap<>();
  private final AtomicLong openConnections = new AtomicLong();

  public ServerMetrics(Clock clock, List<String> routeNames) {
    for (String name : routeNames) {
      routes.put(name, new RouteMetrics(name, clock));
    }
  }

  public RouteMetrics route(String name) {
    RouteMetrics metrics = routes.get(name);
    if (metrics == null) {
      throw new AssertionError("route not registered in metrics: " + name);
    }
    return metrics;
  }

  public void connectionOpened() {
    openConnections.incrementAndGet();
  }

  public void connectionClosed() {
    openConnections.decrementAndGet();
  }

  public long openConnections() {
    return openConnections.get();
  }

  /** Each route's latency window, by route name, for the aggregate log lines' periods. */
  public Map<String, LatencyWindow> latencyWindows() {
    Map<String, LatencyWindow> windows = new LinkedHashMap<>();
    routes.forEach((name, route) -> windows.put(name, route.latencyWindow()));
    return windows;
  }

  /** The routes, the open connections and {@code gauges}. */
  public MetricsSnapshot snapshot(Map<String, Double> gauges) {
    MetricsSnapshot.Builder snapshot = MetricsSnapshot.newBuilder()
        .setOpenConnections(Math.max(0, openConnections.get()))
        .putAllGauges(gauges);
    for (RouteMetrics route : routes.values()) {
      snapshot.addEndpoints(route.snapshot());
    }
    return snapshot.build();
  }
}
