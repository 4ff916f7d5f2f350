package io.rvnt.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarningLinesTest {
  @Test
  void keepsWarningsAndErrorsOnly() {
    WarningLines lines = new WarningLines(10);
    lines.offer("2026-01-01T00:00:00.000Z INFO server: started");
    lines.offer("2026-01-01T00:00:00.000Z WARN store: slow write");
    lines.offer("2026-01-01T00:00:00.000Z ERROR edge: worker queue full");
    lines.offer("admin listening on http://127.0.0.1:9090");
    assertThat(lines.recent()).as("only WARN and ERROR lines are kept")
        .containsExactly("2026-01-01T00:00:00.000Z WARN store: slow write",
            "2026-01-01T00:00:00.000Z ERROR edge: worker queue full");
  }

  @Test
  void keepsTheNewestUpToItsCapacity() {
    WarningLines lines = new WarningLines(2);
    for (int i = 1; i <= 5; i++) {
      lines.offer("WARN line " + i);
    }
    assertThat(lines.recent()).as("the oldest lines make room").containsExactly("WARN line 4", "WARN line 5");
  }

  @Test
  void cutsOverlongLines() {
    WarningLines lines = new WarningLines(1);
    lines.offer("WARN " + "x".repeat(WarningLines.MAX_LINE_CHARS * 2));
    assertThat(lines.recent().get(0)).as("a line is cut at the limit").hasSize(WarningLines.MAX_LINE_CHARS + 1);
  }

  @Test
  void refusesAZeroCapacity() {
    assertThatThrownBy(() -> new WarningLines(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
