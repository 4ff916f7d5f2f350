package io.rvnt.remote.ops;

import java.time.Duration;

/**
 * How long a freshly (re)started service gets to answer {@code GET /health} on its admin listener before a deploy
 * calls it broken and rolls back, and how often it is asked.
 */
public record HealthSettings(Duration deadline, Duration interval, Duration requestTimeout) {
  /** A JVM service on a small host opens RocksDB and binds in a few seconds; 90 s leaves room for a slow disk. */
  public static final HealthSettings DEFAULTS =
      new HealthSettings(Duration.ofSeconds(90), Duration.ofMillis(500), Duration.ofSeconds(3));

  public HealthSettings {
    if (deadline.isNegative() || deadline.isZero() || interval.isNegative() || interval.isZero()
        || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("health deadlines must be positive");
    }
  }
}
