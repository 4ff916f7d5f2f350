package io.rvnt.daemon.ratelimit;

/**
 * A token bucket of {@code burst} tokens refilled one every {@code intervalNanos}, kept as one number: the
 * theoretical arrival time of the generic cell rate algorithm. The bucket is full when {@code tat <= now}, and a
 * request fits while {@code now >= tat - (burst - 1) * interval}. Every server's rate limits are made of these: the
 * identity server's per circuit, the DHT's per peer, the relay's per connection. Not thread-safe: its owner guards
 * it.
 */
public final class TokenBucket {
  private final long intervalNanos;
  private final long toleranceNanos;
  private long tat;

  /** A full bucket at {@code nowNanos}. */
  public TokenBucket(int burst, long intervalNanos, long nowNanos) {
    if (burst < 1 || intervalNanos < 1) {
      throw new IllegalArgumentException("a token bucket needs a burst and an interval of at least 1");
    }
    this.intervalNanos = intervalNanos;
    this.toleranceNanos = (burst - 1) * intervalNanos;
    this.tat = nowNanos;
  }

  /** A full bucket of {@code burst} tokens refilled at {@code perSecond}. */
  public static TokenBucket perSecond(int perSecond, int burst, long nowNanos) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("a rate of at least 1 per second");
    }
    return new TokenBucket(burst, Math.max(1, 1_000_000_000L / perSecond), nowNanos);
  }

  /** Nanoseconds until one request fits; 0 when it fits now. */
  public long waitNanos(long nowNanos) {
    long allowedAt = tat - toleranceNanos;
    return nowNanos >= allowedAt ? 0 : allowedAt - nowNanos;
  }

  /** Spends one token; call only after {@link #waitNanos} returned 0. */
  public void take(long nowNanos) {
    tat = Math.max(tat, nowNanos) + intervalNanos;
  }

  /** Spends one token if there is one. */
  public boolean tryTake(long nowNanos) {
    if (waitNanos(nowNanos) > 0) {
      return false;
    }
    take(nowNanos);
    return true;
  }

  /** A full bucket holds no information: its entry can be forgotten without giving anyone more budget. */
  public boolean isFull(long nowNanos) {
    return tat <= nowNanos;
  }
}
