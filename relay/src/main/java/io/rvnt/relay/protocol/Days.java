package io.rvnt.relay.protocol;

import java.time.Clock;
import java.time.Instant;

/**
 * The relay's unit of time (spec §4.1): the day number, whole UTC days since the Unix epoch. A relay keeps no finer
 * time about an envelope than its receipt day, and deposit ids rotate per day.
 */
public final class Days {

  public static final long MILLIS_PER_DAY = 86_400_000L;

  private Days() {}

  public static int of(Instant instant) {
    return Math.toIntExact(Math.floorDiv(instant.toEpochMilli(), MILLIS_PER_DAY));
  }

  public static int today(Clock clock) {
    return Math.toIntExact(Math.floorDiv(clock.millis(), MILLIS_PER_DAY));
  }

  /** The first instant of {@code day}. */
  public static Instant start(int day) {
    return Instant.ofEpochMilli(day * MILLIS_PER_DAY);
  }
}
