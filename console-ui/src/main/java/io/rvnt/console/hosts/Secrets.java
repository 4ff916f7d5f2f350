package io.rvnt.console.hosts;

import io.rvnt.remote.ssh.Credentials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's passphrases and TOTP codes for one action: asked through {@link HostPrompts} only when a server
 * wants them, one dialog at a time (a fleet action runs hosts in parallel), and wiped when the action ends. Nothing
 * keeps them. Thread-safe.
 */
final class Secrets implements AutoCloseable {
  private final HostPrompts prompts;
  private final List<char[]> handedOut = new ArrayList<>(); // Guarded by this.

  Secrets(HostPrompts prompts) {
    this.prompts = prompts;
  }

  Credentials credentials() {
    return new Credentials(prompt -> ask("Key passphrase", prompt), prompt -> ask("One-time code (TOTP)", prompt));
  }

  private synchronized char[] ask(String title, String prompt) {
    char[] secret = prompts.secret(title, prompt);
    if (secret != null) {
      handedOut.add(secret);
    }
    return secret;
  }

  /** How many secrets were asked and are still to be wiped; for tests. */
  synchronized int held() {
    return (int) handedOut.stream().filter(s -> !isWiped(s)).count();
  }

  private static boolean isWiped(char[] secret) {
    for (char c : secret) {
      if (c != '\0') {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void close() {
    handedOut.forEach(secret -> Arrays.fill(secret, '\0'));
  }
}
