package io.rvnt.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for the outcome a test checks: polls a condition every few milliseconds until it holds, never a fixed sleep.
 * The deadline only keeps a broken build from hanging; it is no timing assertion, so tests pass generous ones (a busy
 * 2-core machine is slow, not broken).
 */
public final class Await {
  /** Often enough not to slow a test down, seldom enough not to load a busy machine. */
  private static final Duration POLL = Duration.ofMillis(20);

  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} when {@code deadline} passes first. */
  public static void until(Duration deadline, String what, BooleanSupplier condition) {
    until(deadline, () -> what, condition);
  }

  /** As {@link #until(Duration, String, BooleanSupplier)}; {@code what} is asked on failure, to show the state. */
  public static void until(Duration deadline, Supplier<String> what, BooleanSupplier condition) {
    if (!holdsWithin(deadline, condition)) {
      throw new AssertionError("not within " + deadline + ": " + what.get());
    }
  }

  /**
   * Polls {@code value} until {@code done} holds for what it gives, and returns that; fails naming {@code rule} and
   * the last value seen when {@code deadline} passes first.
   */
  public static <T> T value(Duration deadline, String rule, Supplier<T> value, Predicate<? super T> done) {
    return value(deadline, POLL, rule, value, done);
  }

  /**
   * As {@link #value(Duration, String, Supplier, Predicate)}, asking only every {@code every}: for a value that costs a
   * process or a round trip to ask.
   */
  public static <T> T value(Duration deadline, Duration every, String rule, Supplier<T> value,
      Predicate<? super T> done) {
    AtomicReference<T> last = new AtomicReference<>();
    boolean held = holdsWithin(deadline, every, () -> {
      last.set(value.get());
      return done.test(last.get());
    });
    if (!held) {
      throw new AssertionError("not within " + deadline + ": " + rule + "; last seen: " + last.get());
    }
    return last.get();
  }

  /**
   * As {@link #until(Duration, String, BooleanSupplier)}, asking only every {@code every}: for a condition that costs
   * a process or a login to ask (an SSH session, a command line tool).
   */
  public static void until(Duration deadline, Duration every, String what, BooleanSupplier condition) {
    if (!holdsWithin(deadline, every, condition)) {
      throw new AssertionError("not within " + deadline + ": " + what);
    }
  }

  /** Whether {@code condition} came to hold within {@code deadline}; an interrupt ends the wait with a failure. */
  public static boolean holdsWithin(Duration deadline, BooleanSupplier condition) {
    return holdsWithin(deadline, POLL, condition);
  }

  private static boolean holdsWithin(Duration deadline, Duration every, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting");
      }
      LockSupport.parkNanos(every.toNanos());
    }
    return true;
  }
}
