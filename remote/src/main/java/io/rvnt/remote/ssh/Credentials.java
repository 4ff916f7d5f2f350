package io.rvnt.remote.ssh;

import java.util.Objects;

/**
 * How the operator proves who they are: the host's key file (from the inventory), its passphrase if it has one,
 * and the TOTP code for hosts with {@code AuthenticationMethods publickey,keyboard-interactive}. Both are asked
 * lazily, only when the server wants them; arrays are wiped after use. Never logged, never written.
 */
public record Credentials(SecretPrompt passphrase, SecretPrompt secondFactor) {
  public Credentials {
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(secondFactor, "secondFactor");
  }

  /** Asks the operator for a secret: a passphrase or a one-time code. Null means "none" or "cancelled". */
  @FunctionalInterface
  public interface SecretPrompt {
    SecretPrompt NONE = prompt -> null;

    char[] ask(String prompt);
  }
}
