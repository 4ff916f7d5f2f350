package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin SiteCheck check;

  @Override
  public Integer call() throws CanaryException {
    return check.run(parent, spec.commandLine().getOut(), true);
  }
}
