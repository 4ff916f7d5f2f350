package io.rvnt.canary.openpgp;

import java.util.Objects;

/**
 * The outcome of checking a clear-signed message. {@code text} is the message as lines ending in LF, with the
 * trailing spaces and tabs the signature ignores removed: what {@code canary.txt} must say. Empty when the message
 * could not be read.
 */
public record ClearSignedCheck(SignatureCheck signature, String text) {
  public ClearSignedCheck {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(text, "text");
  }
}
