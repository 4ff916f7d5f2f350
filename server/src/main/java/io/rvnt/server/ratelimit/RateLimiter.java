package io.rvnt.server.ratelimit;

import io.rvnt.daemon.ratelimit.TokenBucket;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-circuit token buckets of spec §8: every request spends one token of the API bucket, a registration also one of
 * the registration bucket. Connections without a Tor circuit share the {@code direct} buckets. The table of circuits
 * has a fixed capacity; it forgets circuits whose buckets are full again (least recently used first), and when its
 * least recently used circuit is still limited, new circuits share one overflow bucket pair until room frees up.
 *
 * <p>Cheap and non-blocking beyond one short lock: meant to run on the event loop. Thread-safe (guarded by this).
 */
public final class RateLimiter {
  /** Returned by {@link #acquire} when the request may proceed. */
  public static final long ALLOWED = 0;

  private final Clock clock;
  private final RateLimitPolicy circuitApi;
  private final RateLimitPolicy circuitRegister;
  private final int capacity;
  private final Buckets direct;
  private final Buckets overflow;
  // Guarded by this. Access order: the eldest entry is the least recently used circuit.
  private final LinkedHashMap<Integer, Buckets> circuits;

  public RateLimiter(
      Clock clock,
      RateLimitPolicy circuitApi,
      RateLimitPolicy circuitRegister,
      RateLimitPolicy directApi,
      RateLimitPolicy directRegister,
      int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.clock = clock;
    this.circuitApi = circuitApi;
    this.circuitRegister = circuitRegister;
    this.capacity = capacity;
    long now = nowNanos();
    this.direct = new Buckets(directApi, directRegister, now);
    this.overflow = new Buckets(circuitApi, circuitRegister, now);
    this.circuits = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true);
  }

  /**
   * Spends the tokens of one request from {@code origin}. Returns {@link #ALLOWED}, or the whole seconds (at least
   * 1) the client should wait, in which case nothing was spent.
   */
  public synchronized long acquire(Origin origin, boolean registration) {
    long now = nowNanos();
    Buckets buckets = origin.isDirect() ? direct : circuitBuckets(origin.circuitId(), now);
    long wait = buckets.api.waitNanos(now);
    if (registration) {
      wait = Math.max(wait, buckets.register.waitNanos(now));
    }
    if (wait > 0) {
      return Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
    }
    buckets.api.take(now);
    if (registration) {
      buckets.register.take(now);
    }
    return ALLOWED;
  }

  /** How many circuits the table remembers now (at most the capacity). */
  public synchronized int trackedCircuits() {
    return circuits.size();
  }

  private Buckets circuitBuckets(int circuitId, long now) {
    Buckets buckets = circuits.get(circuitId);
    if (buckets != null) {
      return buckets;
    }
    if (circuits.size() >= capacity) {
      Map.Entry<Integer, Buckets> eldest = circuits.entrySet().iterator().next();
      if (!eldest.getValue().isFull(now)) {
        return overflow;
      }
      circuits.remove(eldest.getKey());
    }
    buckets = new Buckets(circuitApi, circuitRegister, now);
    circuits.put(circuitId, buckets);
    return buckets;
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static final class Buckets {
    final TokenBucket api;
    final TokenBucket register;

    Buckets(RateLimitPolicy api, RateLimitPolicy register, long now) {
      this.api = new TokenBucket(api.permits(), api.emissionIntervalNanos(), now);
      this.register = new TokenBucket(register.permits(), register.emissionIntervalNanos(), now);
    }

    boolean isFull(long now) {
      return api.isFull(now) && register.isFull(now);
    }
  }
}
