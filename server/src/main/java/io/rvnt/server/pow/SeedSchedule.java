package io.rvnt.server.pow;

import io.rvnt.protocol.pow.ProofOfWork;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server seeds of spec §6.4: {@code seed(e) = HMAC-SHA256(key, "rvnt-identity/2 pow-seed" || 0x00 ||
 * u64be(e))} for the epoch {@code e = floor(unix_ms / period_ms)}. Every cluster member with the same key and a
 * clock within a period of the others derives the same seeds, so a seed read from one member verifies on another;
 * nobody without the key can compute a seed before it is published. A proof's seed is accepted when it is the seed
 * of the previous, the current or the next epoch (the previous is the grace for a proof solved across a rotation,
 * the next covers a member whose clock runs ahead); the {@link #STALE_EPOCHS} before those are recognised as
 * expired, anything else is unknown. Thread-safe.
 */
public final class SeedSchedule {
  /** Epochs before the accepted ones whose seeds are answered as expired rather than unknown. */
  static final int STALE_EPOCHS = 4;
  private static final int CACHED_EPOCHS = 16;

  /** How a proof's seed compares with the schedule. */
  public enum Check { ACCEPTED, EXPIRED, UNKNOWN }

  /** The seed of the current epoch and the time (Unix ms) after which proofs on it are refused. */
  public record Current(byte[] seed, long expiresMs) {
    public Current {
      seed = seed.clone();
    }

    @Override
    public byte[] seed() {
      return seed.clone();
    }
  }

  private final byte[] key;
  private final long periodMs;
  private final Clock clock;
  /** Seeds by epoch, the most recent {@link #CACHED_EPOCHS}. Guarded by this. */
  private final Map<Long, byte[]> cache = new LinkedHashMap<>(32, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > CACHED_EPOCHS;
    }
  };

  public SeedSchedule(byte[] key, Duration period, Clock clock) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a seed key is at least 32 bytes");
    }
    this.key = key.clone();
    this.periodMs = period.toMillis();
    this.clock = clock;
  }

  public Current current() {
    long epoch = epoch();
    // Accepted until the next epoch ends: the current period plus one of grace.
    return new Current(seed(epoch), (epoch + 2) * periodMs);
  }

  /** Whether {@code seed} is a seed a proof may carry now (constant-time comparisons). */
  public Check check(byte[] seed) {
    if (seed.length != ProofOfWork.SEED_BYTES) {
      return Check.UNKNOWN;
    }
    long epoch = epoch();
    boolean accepted = false;
    for (long e = epoch - 1; e <= epoch + 1; e++) {
      accepted |= MessageDigest.isEqual(seed(e), seed);
    }
    if (accepted) {
      return Check.ACCEPTED;
    }
    for (long e = epoch - 1 - STALE_EPOCHS; e < epoch - 1; e++) {
      if (MessageDigest.isEqual(seed(e), seed)) {
        return Check.EXPIRED;
      }
    }
    return Check.UNKNOWN;
  }

  private long epoch() {
    return Math.floorDiv(clock.millis(), periodMs);
  }

  synchronized byte[] seed(long epoch) {
    return cache.computeIfAbsent(epoch, this::derive).clone();
  }

  private byte[] derive(long epoch) {
    return ProofOfWork.seed(key, epoch);
  }
}
