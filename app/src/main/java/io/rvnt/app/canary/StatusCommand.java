package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.publish.SiteWatch;
import io.rvnt.canary.verify.SeenFile;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = {
      "Show the days until the next canary is due, and the verdict.",
      "Read-only: unlike verify it does not update the --state file. Exit 0 only when the verdict is OK."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;

  @ParentCommand CanaryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--site", required = true, paramLabel = "SITE_DIR", description = "Folder holding the canary.")
  Path site;

  @Option(
      names = "--fingerprint",
      required = true,
      paramLabel = "FPR",
      converter = Converters.KeyFingerprint.class,
      description = "The canary key's fingerprint, 40 hex digits.")
  Fingerprint fingerprint;

  @Option(
      names = "--now",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "As of this day (UTC) instead of today.")
  LocalDate now;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "The verifier's state file to compare against; default $XDG_STATE_HOME/rvnt/canary-seen.")
  Path state;

  @Override
  public Integer call() throws CanaryException {
    SeenFile seen = new SeenFile(state != null ? state : parent.defaultStateFile());
    VerificationResult result =
        new SiteWatch(VerifyCommand.clock(parent, now), VerificationPolicy.defaults(), seen)
            .check(site, fingerprint, false);
    Reports.print(spec.commandLine().getOut(), result);
    return result.ok() ? 0 : CanaryCommand.EXIT_ALARM;
  }
}
