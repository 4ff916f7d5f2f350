package io.rvnt.app.canary;

import io.rvnt.canary.openpgp.Fingerprint;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** The options of every command that verifies a canary: the pinned key, and the day to check as of. */
final class PinnedKeyOptions {
  @Option(
      names = "--fingerprint",
      required = true,
      paramLabel = "FPR",
      converter = Converters.KeyFingerprint.class,
      description = "The canary key's fingerprint, 40 hex digits (spaces allowed), obtained out of band.")
  Fingerprint fingerprint;

  @Option(
      names = "--now",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "Check as of this day (UTC) instead of today.")
  LocalDate now;

  /** {@code today}, unless --now names another day (from its start, UTC). */
  Clock clock(Clock today) {
    return now == null ? today : Clock.fixed(now.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
  }
}
