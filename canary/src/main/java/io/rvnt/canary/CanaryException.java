package io.rvnt.canary;

import java.util.Objects;

/**
 * The one failure type of the canary module: something an operator asked for could not be done. Its message is a
 * single line fit to show the operator and never carries a passphrase or key material. Verification never throws
 * it for a bad canary: a canary that fails its checks is a {@code Verdict}, not an error.
 */
public final class CanaryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an operation failed; the CLI and the console map these to exit codes and messages in one place each. */
  public enum Reason {
    /** The passphrase does not unlock the secret key. */
    WRONG_PASSPHRASE,
    /** A secret file or directory is readable or writable by group or others. */
    INSECURE_PERMISSIONS,
    /** A key, passphrase or site file is missing, unreadable, too large or not what it claims to be. */
    BAD_INPUT,
    /** Writing would replace something that must not be replaced (a secret key, a newer canary). */
    REFUSED_OVERWRITE,
    /** The key holds no usable signing key. */
    NO_SIGNING_KEY,
    /** The canary to publish does not verify against the pinned key. */
    NOT_VERIFIED,
    /** The file system failed. */
    IO
  }

  private final Reason reason;

  public CanaryException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public CanaryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
