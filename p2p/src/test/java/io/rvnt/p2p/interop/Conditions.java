package io.rvnt.p2p.interop;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline, instead of sleeping. */
final class Conditions {

  static final Duration DEADLINE = Duration.ofSeconds(20);

  private Conditions() {}

  static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + DEADLINE + " waiting until " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
