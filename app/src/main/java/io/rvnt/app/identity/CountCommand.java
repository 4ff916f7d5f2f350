package io.rvnt.app.identity;

import io.rvnt.protocol.client.IdentityAccounts;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rvnt identity count}: the one-time prekeys the server still holds for you (spec §7.4). */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = "Print how many of your one-time prekeys the server still holds (a request signed with your "
        + "identity key).")
final class CountCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ServerOption server;
  @Mixin AccountOptions account;

  @Override
  public Integer call() {
    String username = IdentitySupport.username(account.username);
    IdentityAccounts accounts = IdentitySupport.accounts(server, account.keystoreOrDefault(), false, 1);
    int count = IdentitySupport.run(() -> accounts.count(username));
    spec.commandLine().getOut().println("one-time prekeys on the server: " + count);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
