package io.rvnt.server.ratelimit;

/**
 * A token bucket kept as one number, the theoretical arrival time of the generic cell rate algorithm: the bucket
 * is full when {@code tat <= now}, and a request fits while {@code now >= tat - (period - interval)}. Not
 * thread-safe: {@link RateLimiter} guards it.
 */
final class TokenBucket {
  private final long intervalNanos;
  private final long toleranceNanos;
  private long tat;

  TokenBucket(RateLimitPolicy policy, long nowNanos) {
    this.intervalNanos = policy.emissionIntervalNanos();
    this.toleranceNanos = policy.period().toNanos() - intervalNanos;
    this.tat = nowNanos;
  }

  /** Nanoseconds until one request fits; 0 when it fits now. */
  long waitNanos(long nowNanos) {
    long allowedAt = tat - toleranceNanos;
    return nowNanos >= allowedAt ? 0 : allowedAt - nowNanos;
  }

  /** Spends one token; call only after {@link #waitNanos} returned 0. */
  void take(long nowNanos) {
    tat = Math.max(tat, nowNanos) + intervalNanos;
  }

  /** A full bucket holds no information: its entry can be forgotten without giving anyone more budget. */
  boolean isFull(long nowNanos) {
    return tat <= nowNanos;
  }
}
