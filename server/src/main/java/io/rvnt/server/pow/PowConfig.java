package io.rvnt.server.pow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The adaptive proof of work's settings (spec §6.4–§6.6, docs/server-config.md). Efforts are in registration units
 * (expected hashes of a registration proof); the other writes' suggested effort follows in proportion to their
 * floor.
 *
 * @param seedKey the file holding the secret seeds are derived from; empty: {@code pow-seed.key} in the data
 *     directory, created on first start (a cluster's members must share one: the configuration refuses a member
 *     without it)
 * @param seedPeriod how long one seed is current; a proof on it is accepted for one more period (grace)
 * @param queueCapacity requests with a proof waiting to be served; a full queue drops its lowest effort
 * @param queueDeadline how long a request may wait in the queue before it is dropped unserved
 * @param updatePeriod how often the suggested effort is revised
 * @param increase what an overloaded period adds to the suggested effort
 * @param decreaseFactor what an idle period multiplies it by
 * @param ceiling the most the suggested registration effort can reach
 */
public record PowConfig(
    Optional<Path> seedKey,
    Duration seedPeriod,
    int queueCapacity,
    Duration queueDeadline,
    Duration updatePeriod,
    long increase,
    double decreaseFactor,
    long ceiling) {

  /** Tor rotates its PoW seed every 115–120 min because a descriptor carries it; ours costs a GET, so shorter. */
  public static final Duration DEFAULT_SEED_PERIOD = Duration.ofMinutes(15);
  /** Like {@code worker-queue}: at a fsync-bound 100 registrations/s the last one waits about 10 s. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1_024;
  /** Tor drops introduction requests older than {@code MAX_REND_TIMEOUT}, 30 s (hspow common protocol). */
  public static final Duration DEFAULT_QUEUE_DEADLINE = Duration.ofSeconds(30);
  /** Tor revises its suggested effort every {@code HS_UPDATE_PERIOD}, 300 s. */
  public static final Duration DEFAULT_UPDATE_PERIOD = Duration.ofSeconds(300);
  /** One more floor registration's work (2^20 hashes) per overloaded period: additive, as Tor's controller. */
  public static final long DEFAULT_INCREASE = 1L << 20;
  /** Tor's multiplicative decrease: two thirds per period without overload. */
  public static final double DEFAULT_DECREASE_FACTOR = 2.0 / 3.0;
  /** 2^28 hashes, the reference client's default limit ({@code ClientConfig.DEFAULT_MAX_POW_BITS}). */
  public static final long DEFAULT_CEILING = 1L << 28;

  public PowConfig {
    Objects.requireNonNull(seedKey, "seedKey");
    if (seedPeriod.toMillis() < 1_000) {
      throw new IllegalArgumentException("the seed period is at least 1 s");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("the queue holds at least one request");
    }
    if (queueDeadline.toMillis() < 1 || updatePeriod.toMillis() < 100) {
      throw new IllegalArgumentException("the queue deadline is positive and the update period at least 100 ms");
    }
    if (increase < 1) {
      throw new IllegalArgumentException("the increase is at least 1");
    }
    if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
      throw new IllegalArgumentException("the decrease factor is between 0 and 1, both excluded");
    }
    if (ceiling < 1) {
      throw new IllegalArgumentException("the ceiling is at least 1");
    }
  }

  public static PowConfig defaults() {
    return new PowConfig(Optional.empty(), DEFAULT_SEED_PERIOD, DEFAULT_QUEUE_CAPACITY, DEFAULT_QUEUE_DEADLINE,
        DEFAULT_UPDATE_PERIOD, DEFAULT_INCREASE, DEFAULT_DECREASE_FACTOR, DEFAULT_CEILING);
  }
}
