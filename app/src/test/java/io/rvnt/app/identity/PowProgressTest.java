package io.rvnt.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PowProgressTest {
  private final StringWriter err = new StringWriter();
  private final AtomicLong now = new AtomicLong();

  private PowProgress progress(boolean terminal) {
    return new PowProgress(new PrintWriter(err, true), terminal, now::get);
  }

  @Test
  void onATerminalRewritesOneLine() {
    PowProgress progress = progress(true);
    progress.accept(0);
    now.set(PowProgress.TERMINAL_NANOS);
    progress.accept(1_000_000);
    now.set(2 * PowProgress.TERMINAL_NANOS);
    progress.accept(2_000_000);
    progress.finish();
    String text = err.toString();
    assertThat(text).startsWith("\rproof of work: 1.0M hashes, 10.0M hashes/s, 0.1 s");
    assertThat(text).as("one line, ended once").containsOnlyOnce("\n").endsWith(", done\u001b[K\n");
  }

  @Test
  void elsewherePrintsPeriodicLines() {
    PowProgress progress = progress(false);
    progress.accept(0);
    now.set(PowProgress.PERIODIC_NANOS / 2);
    progress.accept(100);
    assertThat(err.toString()).as("nothing before the period").isEmpty();
    now.set(PowProgress.PERIODIC_NANOS);
    progress.accept(4_000_000);
    assertThat(err.toString()).isEqualTo("proof of work: 4.0M hashes, 2.0M hashes/s, 2.0 s" + System.lineSeparator());
    assertThat(err.toString()).doesNotContain("\r");
  }

  @Test
  void theClockStartsWithTheSolverNotWithTheCommand() {
    now.set(5_000_000_000L); // key generation and the keystore took five seconds
    PowProgress progress = progress(false);
    now.set(6_000_000_000L);
    progress.accept(0);
    now.set(6_000_000_000L + PowProgress.PERIODIC_NANOS);
    progress.accept(2_000_000);
    assertThat(err.toString()).isEqualTo("proof of work: 2.0M hashes, 1.0M hashes/s, 2.0 s" + System.lineSeparator());
  }

  @Test
  void aRetryAtAHigherEffortCountsOnFromTheEarlierSolve() {
    PowProgress progress = progress(false);
    progress.accept(0);
    progress.accept(3_000_000);
    progress.accept(0); // the server asked for more: the library solves again (spec §6.5)
    now.set(PowProgress.PERIODIC_NANOS);
    progress.accept(1_000_000);
    assertThat(err.toString()).as("the work of both solves")
        .isEqualTo("proof of work: 4.0M hashes, 2.0M hashes/s, 2.0 s" + System.lineSeparator());
  }

  @Test
  void aQuickSolveShowsNothing() {
    PowProgress progress = progress(true);
    progress.accept(16384);
    progress.finish();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void formatsLargeNumbersShortly() {
    assertThat(PowProgress.human(999)).isEqualTo("999");
    assertThat(PowProgress.human(1_500)).isEqualTo("1.5k");
    assertThat(PowProgress.human(19_300_000)).isEqualTo("19.3M");
    assertThat(PowProgress.human(2_000_000_000L)).isEqualTo("2.0G");
  }
}
