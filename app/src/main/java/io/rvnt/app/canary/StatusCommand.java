package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin SiteCheck check;

  @Override
  public Integer call() throws CanaryException {
    return check.run(parent, spec.commandLine().getOut(), false);
  }
}
