package io.rvnt.canary.openpgp;

import java.util.Objects;

/**
 * The outcome of checking one signature against the pinned key: {@code reason} says why in one line, for the
 * operator or the user watching the canary.
 */
public record SignatureCheck(Status status, String reason) {
  public enum Status {
    /** Made by the pinned key (or its bound signing subkey) over exactly these bytes. */
    VALID,
    /** Made by the pinned key but not over these bytes, or with a hash too weak to trust. */
    BAD_SIGNATURE,
    /** Made by some other key, or the published key is not the pinned one, revoked or expired. */
    WRONG_KEY,
    /** Not a readable signature of the expected kind. */
    MALFORMED
  }

  public SignatureCheck {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean valid() {
    return status == Status.VALID;
  }

  static SignatureCheck valid(String reason) {
    return new SignatureCheck(Status.VALID, reason);
  }

  static SignatureCheck badSignature(String reason) {
    return new SignatureCheck(Status.BAD_SIGNATURE, reason);
  }

  static SignatureCheck wrongKey(String reason) {
    return new SignatureCheck(Status.WRONG_KEY, reason);
  }

  static SignatureCheck malformed(String reason) {
    return new SignatureCheck(Status.MALFORMED, reason);
  }
}
