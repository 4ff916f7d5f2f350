package io.rvnt.app.identity;

import io.rvnt.protocol.client.IdentityAccounts;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rvnt identity delete}: delete the account on the server, then the local keys (spec §7.5). */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete your account and everything the server stores for it; once the server confirmed, delete "
        + "the keystore entry too. The username becomes free.")
final class DeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ServerOption server;
  @Mixin AccountOptions account;
  @Mixin PowOption pow;

  @Override
  public Integer call() {
    String username = IdentitySupport.username(account.username);
    IdentityAccounts accounts =
        IdentitySupport.accounts(server, account.keystoreOrDefault(), false, pow.threadsOrDefault());
    PowProgress progress = IdentitySupport.progress(spec.commandLine().getErr());
    try {
      IdentitySupport.run(() -> {
        accounts.delete(username, progress);
        return null;
      });
    } finally {
      progress.finish();
    }
    spec.commandLine().getOut().println("deleted " + username + " from the server and the keystore");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
