package io.rvnt.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for the outcome a test checks: polls a condition every few milliseconds until it holds, never a fixed sleep.
 * The deadline only keeps a broken build from hanging; it is no timing assertion, so tests pass generous ones (a busy
 * 2-core machine is slow, not broken).
 */
public final class Awaits {
  private static final Duration POLL = Duration.ofMillis(20);

  private Awaits() {}

  /** Returns once {@code condition} holds; fails naming {@code what} when {@code deadline} passes first. */
  public static void until(Duration deadline, String what, BooleanSupplier condition) {
    until(deadline, () -> what, condition);
  }

  /** As {@link #until(Duration, String, BooleanSupplier)}; {@code what} is asked on failure, to show the state. */
  public static void until(Duration deadline, Supplier<String> what, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + deadline + ": " + what.get());
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what.get());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
