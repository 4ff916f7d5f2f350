package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.KeyDirectory;
import io.rvnt.canary.openpgp.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    description = {
      "Take an existing canary key exported from gpg.",
      "Export it with: gpg --armor --export-secret-keys FPR > key.asc",
      "Checks that the passphrase unlocks it, then stores it like keygen: DIR/secret-key.asc with mode 0600."
    })
final class ImportCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;

  @Spec CommandSpec spec;

  @Option(
      names = "--secret-key",
      required = true,
      paramLabel = "FILE",
      description = "The armored secret key, as gpg exports it.")
  Path secretKey;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Key folder to create.")
  Path out;

  @Mixin Passphrases passphrase;

  @Override
  public Integer call() throws Exception {
    SigningKey key = SigningKey.parse(read(secretKey));
    // Unlocking proves the passphrase; the stored key stays encrypted under it.
    passphrase.use(false, key::unlock);
    KeyDirectory.store(out, key);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("imported canary key for " + key.userId());
    stdout.println("fingerprint: " + key.fingerprint().grouped());
    stdout.println("secret key:  " + out.resolve(KeyDirectory.SECRET_KEY) + " (mode 0600)");
    stdout.println("Delete the exported copy " + secretKey + " once the folder is backed up.");
    return 0;
  }

  private static byte[] read(Path file) throws CanaryException {
    if (!Files.isRegularFile(file)) {
      throw new CanaryException(Reason.BAD_INPUT, file + " does not exist or is not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SigningKey.MAX_KEY_BYTES + 1);
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
