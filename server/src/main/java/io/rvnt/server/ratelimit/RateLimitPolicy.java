package io.rvnt.server.ratelimit;

import java.time.Duration;

/**
 * A token bucket's shape: {@code permits} requests available at once, refilled evenly over {@code period}
 * (spec §8: "the full budget is available at once and refills evenly").
 */
public record RateLimitPolicy(int permits, Duration period) {
  public RateLimitPolicy {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1");
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive");
    }
  }

  public static RateLimitPolicy perMinute(int permits) {
    return new RateLimitPolicy(permits, Duration.ofMinutes(1));
  }

  /** Nanoseconds between two permits once the burst is spent. */
  long emissionIntervalNanos() {
    return Math.max(1, period.toNanos() / permits);
  }
}
