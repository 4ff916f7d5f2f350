package io.rvnt.app.identity;

import io.rvnt.app.CliException;
import io.rvnt.protocol.client.IdentityAccounts;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rvnt identity prekeys --add N [--rotate]}: replenish and rotate prekeys (spec §7.3). */
@Command(
    name = "prekeys",
    mixinStandardHelpOptions = true,
    description = "Generate and upload new one-time prekeys, and with --rotate a new signed prekey and PQ prekey. "
        + "The private keys are stored in the keystore before anything is sent.")
final class PreKeysCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ServerOption server;
  @Mixin AccountOptions account;
  @Mixin PowOption pow;

  @Option(names = "--add", paramLabel = "N", description = "One-time prekeys to add (default: 0).")
  int add;

  @Option(names = "--rotate", description = "Also replace the signed prekey and the PQ prekey.")
  boolean rotate;

  @Override
  public Integer call() {
    String username = IdentitySupport.username(account.username);
    if (add < 0) {
      throw new CliException("--add must not be negative");
    }
    if (add == 0 && !rotate) {
      throw new CliException("nothing to do: give --add N and/or --rotate");
    }
    IdentityAccounts accounts =
        IdentitySupport.accounts(server, account.keystoreOrDefault(), false, pow.threadsOrDefault());
    PowProgress progress = IdentitySupport.progress(spec.commandLine().getErr());
    int count;
    try {
      count = IdentitySupport.run(() -> accounts.addPreKeys(username, add, rotate, progress));
    } finally {
      progress.finish();
    }
    var out = spec.commandLine().getOut();
    out.println("added " + add + " one-time prekeys" + (rotate ? ", rotated the signed and PQ prekeys" : ""));
    out.println("one-time prekeys on the server: " + count);
    out.flush();
    return 0;
  }
}
