package io.rvnt.relay.daemon;

import io.rvnt.daemon.metrics.DiskUsage;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Usable bytes on the data directory's file system, for the disk watermark: read at most once a second (a statfs
 * per deposit would cost more than the deposit's checks). Thread-safe.
 */
final class DiskSpace implements LongSupplier {

  private static final long REFRESH_NANOS = 1_000_000_000L;

  private final Path dir;
  private volatile long usable;
  private volatile long readAt;

  DiskSpace(Path dir) {
    this.dir = dir;
    this.readAt = System.nanoTime() - REFRESH_NANOS;
  }

  @Override
  public long getAsLong() {
    long now = System.nanoTime();
    if (now - readAt >= REFRESH_NANOS) {
      usable = DiskUsage.freeBytes(dir);
      readAt = now;
    }
    return usable;
  }
}
