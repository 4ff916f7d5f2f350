package io.rvnt.app.identity;

import io.rvnt.app.CliException;
import io.rvnt.protocol.client.IdentityAccounts;
import io.rvnt.protocol.crypto.Fingerprints;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rvnt identity register}: generate a key bundle, solve the proof of work, register (spec §7.1). */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Generate an identity key and prekeys, keep the private keys in the keystore (files mode 0600), solve the "
          + "registration proof of work and register the username. Prints the identity key's fingerprint.",
      "If an earlier attempt's outcome was not seen, running it again registers the same stored keys."
    })
final class RegisterCommand implements Callable<Integer> {
  static final int DEFAULT_PREKEYS = 100;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ServerOption server;
  @Mixin AccountOptions account;
  @Mixin PowOption pow;

  @Option(
      names = "--prekeys",
      paramLabel = "N",
      description = "One-time prekeys to upload with the registration (default: " + DEFAULT_PREKEYS
          + ", at most the server's per-upload limit).")
  int prekeys = DEFAULT_PREKEYS;

  @Override
  public Integer call() {
    String username = IdentitySupport.username(account.username);
    if (prekeys < 0) {
      throw new CliException("--prekeys must not be negative");
    }
    Path keystore = account.keystoreOrDefault();
    IdentityAccounts accounts = IdentitySupport.accounts(server, keystore, true, pow.threadsOrDefault());
    PowProgress progress = IdentitySupport.progress(spec.commandLine().getErr());
    IdentityAccounts.Registered registered;
    try {
      registered = IdentitySupport.run(() -> accounts.register(username, prekeys, progress));
    } finally {
      progress.finish();
    }
    var out = spec.commandLine().getOut();
    out.println((registered.resumed() ? "registered (with the keys of an earlier attempt) " : "registered ")
        + username + " with " + registered.oneTimePreKeyCount() + " one-time prekeys");
    out.println("identity fingerprint: " + Fingerprints.of(registered.identityKey()));
    out.println("private keys: " + keystore.toAbsolutePath().resolve(username));
    out.flush();
    return 0;
  }
}
