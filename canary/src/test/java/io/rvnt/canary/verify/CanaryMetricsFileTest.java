package io.rvnt.canary.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.document.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryMetricsFileTest {
  private static final LocalDate DUE = LocalDate.of(2026, 12, 5);
  private static final Instant CHECKED = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;

  private static VerificationResult ok() {
    CanaryDocument canary = new CanaryDocument("RVNT Canary <canary@rvntos.io>", LocalDate.of(2026, 11, 1), 7, DUE,
        EnumSet.allOf(Statement.class), List.of("fresh"));
    return new VerificationResult(Verdict.OK, List.of(), Optional.of(canary), LocalDate.of(2026, 12, 1));
  }

  @Test
  void theCanaryIsOverdueFromTheStartOfTheDayAfterItsDueDate() {
    assertThat(CanaryMetricsFile.text(ok(), CHECKED))
        .as("good through 2026-12-05, overdue from 2026-12-06T00:00Z")
        .contains("rvnt_canary_next_due_timestamp_seconds " + Instant.parse("2026-12-06T00:00:00Z").getEpochSecond()
            + "\n")
        .contains("rvnt_canary_ok 1\n")
        .contains("rvnt_canary_checked_timestamp_seconds " + CHECKED.getEpochSecond() + "\n")
        .contains("# TYPE rvnt_canary_ok gauge\n");
  }

  @Test
  void anUnreadableCanaryIsNotOkAndHasNoDueTime() {
    VerificationResult malformed = new VerificationResult(Verdict.MALFORMED, List.of("canary.txt is missing"),
        Optional.empty(), LocalDate.of(2026, 12, 1));
    assertThat(CanaryMetricsFile.text(malformed, CHECKED)).contains("rvnt_canary_ok 0\n")
        .doesNotContain("next_due");
  }

  @Test
  void theFileIsReplacedWholeAndReadableByTheCollector() throws Exception {
    Path file = dir.resolve("rvnt-canary.prom");
    Files.writeString(file, "old");
    CanaryMetricsFile.write(file, ok(), CHECKED);
    assertThat(Files.readString(file)).isEqualTo(CanaryMetricsFile.text(ok(), CHECKED));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("node_exporter reads it")
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(dir)) {
      assertThat(files).as("no partial file is left behind").containsExactly(file);
    }
  }
}
