package io.rvnt.canary.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A canary check as Prometheus gauges, in the text format node_exporter's textfile collector reads
 * (docs/monitoring.md#the-canary): whether the published canary verified, when it must be replaced, when it was
 * checked. The alert rules page on an overdue or failing canary and open a ticket three days before it is due. The
 * canary is public, so these figures are too.
 */
public final class CanaryMetricsFile {
  private CanaryMetricsFile() {}

  /** The gauges of {@code result}; the due time is absent when the canary could not be read. */
  public static String text(VerificationResult result, Instant checkedAt) {
    StringBuilder out = new StringBuilder(512);
    result.document().ifPresent(canary -> gauge(out, "rvnt_canary_next_due_timestamp_seconds",
        "Unix time from which the published canary is overdue: the start of the day after its due date, UTC.",
        canary.due().plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC)));
    gauge(out, "rvnt_canary_ok", "1 when the published canary verified OK at the last check, 0 otherwise.",
        result.ok() ? 1 : 0);
    gauge(out, "rvnt_canary_checked_timestamp_seconds", "Unix time of the last check of the published canary.",
        checkedAt.getEpochSecond());
    return out.toString();
  }

  /**
   * Writes {@link #text} to {@code file} through a temporary file in the same folder and a rename, so that the
   * collector never reads half a file.
   */
  public static void write(Path file, VerificationResult result, Instant checkedAt) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path partial = Files.createTempFile(dir, "." + file.getFileName(), ".partial");
    try {
      Files.writeString(partial, text(result, checkedAt), StandardCharsets.UTF_8);
      // The collector runs as another user (prometheus); temporary files are created owner-only.
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(value).append('\n');
  }
}
