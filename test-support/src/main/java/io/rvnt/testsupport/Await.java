package io.rvnt.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for an outcome with a deadline, checking it every few milliseconds: never a fixed sleep. The deadline only
 * keeps a broken test from hanging the build; it is not a timing assertion.
 */
public final class Await {
  /** Often enough not to slow a test down, seldom enough not to load a busy machine. */
  private static final Duration POLL = Duration.ofMillis(20);

  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} was awaited once {@code deadline} has passed. */
  public static void until(Duration deadline, String what, BooleanSupplier condition) {
    if (!holdsWithin(deadline, condition)) {
      throw new AssertionError("not within " + deadline + ": " + what);
    }
  }

  /** Whether {@code condition} came to hold within {@code deadline}. */
  public static boolean holdsWithin(Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    return true;
  }
}
