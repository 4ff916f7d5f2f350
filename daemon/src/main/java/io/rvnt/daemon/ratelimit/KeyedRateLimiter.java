package io.rvnt.daemon.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link TokenBucket} per key, all of one shape: {@code burst} requests at once, refilled at {@code perSecond}. A
 * key over its rate has its request refused; others are not affected. Held in memory only; the owner forgets a key
 * when it goes ({@link #forget}) or drops every full bucket ({@link #forgetIdle}). The DHT keys it by peer, the
 * relay by connection. Thread-safe: the map is concurrent, each bucket guarded by itself.
 *
 * @param <K> what is limited; its {@code equals} and {@code hashCode} decide what shares a bucket
 */
public final class KeyedRateLimiter<K> {
  private final int perSecond;
  private final int burst;
  private final Clock clock;
  private final Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();

  public KeyedRateLimiter(int perSecond, int burst, Clock clock) {
    TokenBucket.perSecond(perSecond, burst, 0); // the same checks, once
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** Takes one token of {@code key}'s bucket; false if there is none. */
  public boolean tryAcquire(K key) {
    return tryAcquire(key, k -> { });
  }

  /**
   * Takes one token of {@code key}'s bucket; false if there is none. A key without a bucket gets a full one, and is
   * handed to {@code onNewKey} once, so that its owner can arrange to {@link #forget} it.
   */
  public boolean tryAcquire(K key, Consumer<K> onNewKey) {
    long now = nowNanos();
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      TokenBucket fresh = TokenBucket.perSecond(perSecond, burst, now);
      bucket = buckets.putIfAbsent(key, fresh);
      if (bucket == null) {
        bucket = fresh;
        onNewKey.accept(key);
      }
    }
    synchronized (bucket) {
      return bucket.tryTake(now);
    }
  }

  /** Drops {@code key}'s bucket. */
  public void forget(K key) {
    buckets.remove(key);
  }

  /** Drops the buckets that are full again: their keys have been quiet long enough to be forgotten. */
  public void forgetIdle() {
    long now = nowNanos();
    buckets.values().removeIf(bucket -> {
      synchronized (bucket) {
        return bucket.isFull(now);
      }
    });
  }

  /** Keys with a bucket now. */
  public int tracked() {
    return buckets.size();
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
