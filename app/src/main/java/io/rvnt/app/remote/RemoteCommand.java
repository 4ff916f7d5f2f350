package io.rvnt.app.remote;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rvnt remote}: the operator's hosts over SSH (issue 7). Hosts live in hosts.conf of the config folder;
 * every change made is recorded in actions.log there. Host keys are always verified.
 */
@Command(
    name = "remote",
    mixinStandardHelpOptions = true,
    description = {
      "Manage RVNT hosts over SSH: add a host (verifying its host key), provision, deploy or upgrade with automatic "
          + "rollback, start, stop, restart, status, recent errors, health and metrics through an SSH port forward.",
      "Hosts are kept in $XDG_CONFIG_HOME/rvnt/remote/hosts.conf (default ~/.config/rvnt/remote), changes are "
          + "recorded in actions.log beside it. See docs/remote.md."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      AddCommand.class,
      ListCommand.class,
      RemoveCommand.class,
      ActionCommands.Provision.class,
      ActionCommands.Deploy.class,
      ActionCommands.Start.class,
      ActionCommands.Stop.class,
      ActionCommands.Restart.class,
      ActionCommands.Status.class,
      ActionCommands.Health.class,
      ActionCommands.Errors.class,
      ActionCommands.Metrics.class,
      LogCommand.class,
    })
public final class RemoteCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config-dir", paramLabel = "DIR",
      description = "Folder of hosts.conf and actions.log (created 0700). Default: $XDG_CONFIG_HOME/rvnt/remote.")
  java.nio.file.Path configDir;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
