package io.rvnt.app;

import io.rvnt.app.bootstrap.BootstrapCommand;
import io.rvnt.app.dht.DhtCommand;
import io.rvnt.app.identity.IdentityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code ./rvnt} command line. Every subcommand is registered here and nowhere else. */
@Command(
    name = "rvnt",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "RVNT infrastructure: identity server, bootstrap nodes, warrant canary and operator tools.",
    subcommands = {
      CommandLine.HelpCommand.class,
      io.rvnt.app.server.ServerCommand.class,
      IdentityCommand.class,
      io.rvnt.app.canary.CanaryCommand.class,
      io.rvnt.app.remote.RemoteCommand.class,
      BootstrapCommand.class,
      DhtCommand.class,
    })
final class RvntCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static int execute(String... args) {
    return Cli.newCommandLine(new RvntCommand()).execute(args);
  }
}
