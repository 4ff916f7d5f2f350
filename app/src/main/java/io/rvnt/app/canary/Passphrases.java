package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.PassphraseFile;
import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where the canary key's passphrase comes from, as a mixin of every command that needs it: a file private to its
 * owner ({@code --passphrase-file}), or the terminal without echo. Never an option value, an environment variable or
 * a temporary file, so it cannot land in shell history, {@code ps} or logs. It is wiped as soon as it was used.
 */
final class Passphrases {
  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "Read the key's passphrase from FILE's first line (mode 0600); without it, ask on the terminal.")
  Path passphraseFile;

  /** What a command does with the passphrase; it must not keep the array. */
  @FunctionalInterface
  interface Use<T> {
    T apply(char[] passphrase) throws CanaryException;
  }

  /**
   * Obtains the passphrase, hands it to {@code use}, and wipes it whatever happens.
   *
   * @param confirm ask twice on the terminal (for a new key), so a typo does not lock the key forever
   */
  <T> T use(boolean confirm, Use<T> use) throws CanaryException {
    char[] passphrase = obtain(confirm);
    try {
      return use.apply(passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private char[] obtain(boolean confirm) throws CanaryException {
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
