package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.canary.publish.SitePublisher;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
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

  @Mixin PinnedKeyOptions pinned;

  @Override
  public Integer call() throws CanaryException {
    VerificationResult result =
        new SitePublisher(pinned.clock(parent.clock()), VerificationPolicy.defaults())
            .publish(from, site, pinned.fingerprint);
    PrintWriter stdout = spec.commandLine().getOut();
    for (String name : SiteDirectory.FILES) {
      stdout.println("published " + site.resolve(name));
    }
    Reports.print(stdout, result);
    return 0;
  }
}
