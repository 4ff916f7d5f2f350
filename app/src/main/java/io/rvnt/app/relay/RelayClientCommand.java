package io.rvnt.app.relay;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rvnt relay-client ...}: try a relay by hand (docs/relay-protocol.md). */
@Command(
    name = "relay-client",
    mixinStandardHelpOptions = true,
    description = {"Try a relay by hand: create a mailbox, deposit a message, collect it.",
        "Messages are padded but not encrypted: this is an operator's tool, not a messenger."},
    subcommands = {CreateCommand.class, DepositCommand.class, CollectCommand.class})
public final class RelayClientCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
