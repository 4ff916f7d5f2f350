package io.rvnt.app.identity;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rvnt identity ...}: the client side of the identity protocol (docs/identity-protocol.md). */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description = "Register a username, fetch bundles, manage prekeys and delete an account on an identity server.",
    subcommands = {
      RegisterCommand.class,
      BundleCommand.class,
      CountCommand.class,
      PreKeysCommand.class,
      DeleteCommand.class
    })
public final class IdentityCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
