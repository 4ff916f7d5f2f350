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
    description = "RVNT infrastructure: identity server, bootstrap nodes, relays, warrant canary and operator tools.",
    subcommands = {
      CommandLine.HelpCommand.class,
      io.rvnt.app.server.ServerCommand.class,
      io.rvnt.app.cluster.ClusterCommand.class,
      IdentityCommand.class,
      BootstrapCommand.class,
      DhtCommand.class,
      io.rvnt.app.relay.RelayCommand.class,
      io.rvnt.app.relay.RelayClientCommand.class,
      io.rvnt.app.canary.CanaryCommand.class,
      io.rvnt.app.remote.RemoteCommand.class,
      io.rvnt.app.console.ConsoleCommand.class,
      io.rvnt.app.console.SandboxCommand.class,
    })
final class RvntCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code ./rvnt} alone opens the console, the product's face; {@code ./rvnt --help} lists the commands. */
  @Override
  public Integer call() {
    return spec.commandLine().getSubcommands().get("console").execute();
  }

  static int execute(String... args) {
    return Cli.newCommandLine(new RvntCommand()).execute(args);
  }
}
