package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.PassphraseFile;
import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the canary key's passphrase comes from: a file private to its owner ({@code --passphrase-file}), or the
 * terminal without echo. Never an option value, an environment variable or a temporary file, so it cannot land in
 * shell history, {@code ps} or logs. The caller wipes the returned array.
 */
final class Passphrases {
  private Passphrases() {}

  /**
   * @param confirm ask twice on the terminal (for a new key), so a typo does not lock the key forever
   */
  static char[] obtain(Path passphraseFile, boolean confirm) throws CanaryException {
    if (passphraseFile != null) {
      return PassphraseFile.read(passphraseFile);
    }
    Console console = System.console();
    if (console == null) {
      throw new CanaryException(
          Reason.BAD_INPUT, "no terminal to ask for the passphrase on; give --passphrase-file FILE (mode 0600)");
    }
    char[] passphrase = console.readPassword("Passphrase for the canary key: ");
    if (passphrase == null || passphrase.length == 0) {
      throw new CanaryException(Reason.BAD_INPUT, "no passphrase given");
    }
    if (confirm) {
      char[] again = console.readPassword("Repeat the passphrase: ");
      try {
        if (again == null || !Arrays.equals(passphrase, again)) {
          Arrays.fill(passphrase, '\0');
          throw new CanaryException(Reason.BAD_INPUT, "the two passphrases differ");
        }
      } finally {
        if (again != null) {
          Arrays.fill(again, '\0');
        }
      }
    }
    return passphrase;
  }
}
