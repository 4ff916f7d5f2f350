package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.canary.publish.SitePublisher;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.io.PrintWriter;
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
    name = "publish",
    description = {
      "Copy a signed, verified canary into the static site's folder.",
      "Copies canary.txt, canary.txt.sig, canary.asc and canary-key.asc after verifying them against the pinned "
          + "fingerprint and checking they are newer than the canary the site serves.",
      "Uploading the site over SSH comes with remote management."
    })
final class PublishCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;

  @ParentCommand CanaryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "Folder 'sign' wrote to.")
  Path from;

  @Option(names = "--site", required = true, paramLabel = "SITE_DIR", description = "The static site's folder.")
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
      description = "Verify as of this day (UTC) instead of today.")
  LocalDate now;

  @Override
  public Integer call() throws CanaryException {
    VerificationResult result =
        new SitePublisher(VerifyCommand.clock(parent, now), VerificationPolicy.defaults())
            .publish(from, site, fingerprint);
    PrintWriter stdout = spec.commandLine().getOut();
    for (String name : SiteDirectory.FILES) {
      stdout.println("published " + site.resolve(name));
    }
    Reports.print(stdout, result);
    return 0;
  }
}
