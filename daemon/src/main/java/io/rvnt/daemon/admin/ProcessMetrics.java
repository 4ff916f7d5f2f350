package io.rvnt.daemon.admin;

import io.rvnt.daemon.metrics.DiskUsage;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The figures every server process reports the same way, added to its component's snapshot: version, uptime,
 * JVM heap, the data directory's size and its file system's space. Thread-safe.
 */
public final class ProcessMetrics {
  private final Path dataDir;
  private final String version;
  private final Clock clock;
  private final long startedAtMs;

  /** Uptime counts from now: create it when the server starts. */
  public ProcessMetrics(Path dataDir, String version, Clock clock) {
    this.dataDir = dataDir;
    this.version = version;
    this.clock = clock;
    this.startedAtMs = clock.millis();
  }

  /** {@code component}'s figures with the process's, under {@code role}. Walks the data directory: blocking. */
  MetricsSnapshot complete(String role, MetricsSnapshot component) {
    DiskUsage disk = DiskUsage.measure(dataDir);
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long now = clock.millis();
    return component.toBuilder()
        .setRole(role)
        .setVersion(version)
        .setUptimeMs(Math.max(0, now - startedAtMs))
        .setTakenAtMs(now)
        .setHeapUsedBytes(heap.getUsed())
        .setHeapMaxBytes(Math.max(0, heap.getMax()))
        .setDataDirBytes(disk.dataDirBytes())
        .setDiskFreeBytes(disk.freeBytes())
        .setDiskTotalBytes(disk.totalBytes())
        .build();
  }
}
