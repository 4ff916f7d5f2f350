package io.rvnt.server.metrics;

import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's aggregate metrics: per-route counts and latencies, open connections, JVM heap, disk. Nothing in them
 * identifies a user, a client or a circuit: routes are fixed names, never paths. Thread-safe.
 */
public final class ServerMetrics {
  private final String role;
  private final String version;
  private final Clock clock;
  private final long startedAtMs;
  private final Map<String, RouteMetrics> routes = new LinkedHashMap<>();
  private final AtomicLong openConnections = new AtomicLong();

  public ServerMetrics(String role, String version, Clock clock, List<String> routeNames) {
    this.role = role;
    this.version = version;
    this.clock = clock;
    this.startedAtMs = clock.millis();
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

  /** A snapshot; reads the disk (blocking), so call it off the event loop. */
  public MetricsSnapshot snapshot(DiskUsage disk, Map<String, Double> gauges) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long now = clock.millis();
    MetricsSnapshot.Builder snapshot =
        MetricsSnapshot.newBuilder()
            .setRole(role)
            .setVersion(version)
            .setUptimeMs(Math.max(0, now - startedAtMs))
            .setTakenAtMs(now)
            .setDataDirBytes(disk.dataDirBytes())
            .setDiskFreeBytes(disk.freeBytes())
            .setDiskTotalBytes(disk.totalBytes())
            .setHeapUsedBytes(heap.getUsed())
            .setHeapMaxBytes(Math.max(0, heap.getMax()))
            .setOpenConnections(Math.max(0, openConnections.get()))
            .putAllGauges(gauges);
    for (RouteMetrics route : routes.values()) {
      snapshot.addEndpoints(route.snapshot());
    }
    return snapshot.build();
  }
}
