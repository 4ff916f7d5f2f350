package io.rvnt.app.canary;

import io.rvnt.canary.openpgp.KeyDirectory;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.openpgp.SigningKeyGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "keygen",
    description = {
      "Make the canary's OpenPGP signing key, protected by a passphrase.",
      "A v4 Ed25519 key (legacy EdDSA, as gpg 2.2 reads it), encrypted under the passphrase.",
      "Writes DIR/secret-key.asc (mode 0600, DIR mode 0700) and DIR/public-key.asc; prints the fingerprint to pin.",
      "Keep DIR on the operator's machine only."
    })
final class KeygenCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;

  @ParentCommand CanaryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Key folder to create.")
  Path out;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name in the key's user ID.")
  String name;

  @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "E-mail address in the user ID.")
  String email;

  @Mixin Passphrases passphrase;

  @Override
  public Integer call() throws Exception {
    String userId = name.strip() + " <" + email.strip() + ">";
    SigningKey key = passphrase.use(true, secret -> new SigningKeyGenerator(parent.clock()).generate(userId, secret));
    KeyDirectory.store(out, key);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("canary key for " + key.userId());
    stdout.println("fingerprint: " + key.fingerprint().grouped());
    stdout.println("secret key:  " + out.resolve(KeyDirectory.SECRET_KEY) + " (mode 0600)");
    stdout.println("public key:  " + out.resolve(KeyDirectory.PUBLIC_KEY));
    stdout.println("Publish the fingerprint where users can pin it; back up the folder offline.");
    return 0;
  }
}
