package io.rvnt.server.pow;

import java.time.Clock;

/**
 * The suggested effort of spec §6.6, in registration units: additive increase, multiplicative decrease, as Tor's
 * onion-service controller. At the end of every update period it adds {@code increase} (up to the ceiling) when a
 * request was dropped from the full queue or expired in it during the period, and otherwise multiplies by
 * {@code decreaseFactor} (down to the floor). A proof is accepted at the lower of the suggested efforts of this
 * period and the one before, so that a client that solved at the effort it was told is not refused by a rise it
 * could not know of. Periods are rolled lazily from the clock on every call, so a test's clock drives it. Thread-safe.
 */
public final class EffortController {
  private final long floor;
  private final long ceiling;
  private final long increase;
  private final double decreaseFactor;
  private final long periodMs;
  private final Clock clock;
  // Guarded by this.
  private long suggested;
  private long previous;
  private long periodEnd;
  private boolean overloaded;

  public EffortController(long floor, PowConfig config, Clock clock) {
    if (floor < 1 || config.ceiling() < floor) {
      throw new IllegalArgumentException("the ceiling is at least the floor, which is at least 1");
    }
    this.floor = floor;
    this.ceiling = config.ceiling();
    this.increase = config.increase();
    this.decreaseFactor = config.decreaseFactor();
    this.periodMs = config.updatePeriod().toMillis();
    this.clock = clock;
    this.suggested = floor;
    this.previous = floor;
    this.periodEnd = clock.millis() + periodMs;
  }

  /** The effort clients are told to bid now. */
  public synchronized long suggested() {
    roll();
    return suggested;
  }

  /** The lowest effort a proof may bid now: the lower of this period's and the previous period's suggestion. */
  public synchronized long acceptFloor() {
    roll();
    return Math.min(suggested, previous);
  }

  /** A request was dropped from the full queue, or waited past its deadline: this period is overloaded. */
  public synchronized void overloaded() {
    roll();
    overloaded = true;
  }

  private void roll() {
    long now = clock.millis();
    while (now >= periodEnd) {
      previous = suggested;
      if (overloaded) {
        suggested = suggested > ceiling - increase ? ceiling : suggested + increase;
      } else {
        suggested = Math.max(floor, (long) (suggested * decreaseFactor));
      }
      overloaded = false;
      periodEnd += periodMs;
      if (suggested == floor && previous == floor) {
        // Nothing changes any more until the next overload: skip the remaining idle periods at once.
        periodEnd += Math.max(0, (now - periodEnd) / periodMs + 1) * periodMs;
      }
    }
  }
}
