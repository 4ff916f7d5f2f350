package io.rvnt.app.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rvnt cluster}: the identity server's replicated cluster (docs/cluster.md). */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "The identity server's replicated cluster (docs/cluster.md): member keys and status.",
    subcommands = {ClusterStatusCommand.class, ClusterKeygenCommand.class})
public final class ClusterCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
