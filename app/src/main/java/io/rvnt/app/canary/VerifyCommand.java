package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.publish.SiteWatch;
import io.rvnt.canary.verify.SeenFile;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    description = {
      "Verify a published canary against the pinned key fingerprint.",
      "Checks both signatures, a date not in the future, not past its due date, all five statements verbatim, "
          + "and a sequence number above the last one seen (remembered in the --state file).",
      "Exit 0 only when the verdict is OK; 3 for any other verdict (the alarm); 1 for errors."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;

  @ParentCommand CanaryCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = "--site",
      required = true,
      paramLabel = "SITE_DIR",
      description = "Folder holding canary.txt, canary.txt.sig, canary.asc and canary-key.asc.")
  Path site;

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

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "Where the newest accepted sequence number is kept; default $XDG_STATE_HOME/rvnt/canary-seen.")
  Path state;

  @Override
  public Integer call() throws CanaryException {
    SeenFile seen = new SeenFile(state != null ? state : parent.defaultStateFile());
    VerificationResult result =
        new SiteWatch(clock(parent, now), VerificationPolicy.defaults(), seen).check(site, fingerprint, true);
    Reports.print(spec.commandLine().getOut(), result);
    return result.ok() ? 0 : CanaryCommand.EXIT_ALARM;
  }

  static Clock clock(CanaryCommand parent, LocalDate now) {
    return now == null ? parent.clock() : Clock.fixed(now.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
  }
}
