package io.rvnt.app.identity;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The proof-of-work progress indicator on stderr: hashes done, rate, elapsed time. On a terminal one line is
 * rewritten in place; otherwise (a pipe, a log) a line is printed every {@link #PERIODIC_NANOS}. Solver threads call
 * {@link #accept} concurrently, hence the lock.
 */
final class PowProgress implements LongConsumer {
  static final long TERMINAL_NANOS = 100_000_000L;
  static final long PERIODIC_NANOS = 2_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  // Guarded by this. The clock starts with the solver's first report (0 hashes), not when keys are generated.
  private long start;
  private boolean started;
  private long lastPrint;
  private long hashes;
  /** Hashes of the solves before this one: a retry at a higher effort starts again from 0 (spec §6.5). */
  private long earlier;
  private long current;
  private boolean printed;

  PowProgress(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void accept(long hashesDone) {
    long now = nanoTime.getAsLong();
    if (!started) {
      started = true;
      start = now;
      lastPrint = now;
    }
    if (hashesDone == 0) {
      // A solve starts (the solver reports 0 first, once): count on from the total of the earlier ones.
      earlier += current;
      current = 0;
    }
    current = Math.max(current, hashesDone);
    hashes = earlier + current;
    if (now - lastPrint < (terminal ? TERMINAL_NANOS : PERIODIC_NANOS)) {
      return;
    }
    lastPrint = now;
    print(now, false);
  }

  /** Ends the indicator with a final line, if it showed anything (a quick solve shows nothing). */
  synchronized void finish() {
    if (printed) {
      print(nanoTime.getAsLong(), true);
    }
  }

  private void print(long now, boolean last) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    String line = hashes == 0
        ? String.format(Locale.ROOT, "proof of work: done in %.1f s", seconds)
        : String.format(Locale.ROOT, "proof of work: %s hashes, %s hashes/s, %.1f s%s",
            human(hashes), human((long) (hashes / seconds)), seconds, last ? ", done" : "");
    if (terminal) {
      err.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
    printed = true;
  }

  static String human(long n) {
    if (n >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1fG", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
    if (n >= 1_000L) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }

  synchronized boolean printed() {
    return printed;
  }
}
