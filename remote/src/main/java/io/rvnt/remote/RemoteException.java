package io.rvnt.remote;

/**
 * Every failure of the remote layer, with a reason the CLI and the console can act on. Messages name the host and
 * the step, never a secret (passphrases, TOTP codes and key material never enter a message).
 */
public final class RemoteException extends Exception {
  /** Why an operation on a host failed. */
  public enum Reason {
    /** The inventory file or an entry of it is malformed, or a host is missing. */
    BAD_INVENTORY,
    /** The host's key is not pinned and nobody accepted it. */
    HOST_KEY_UNKNOWN,
    /** The host presents a key different from the pinned or known_hosts one: possibly an attack. */
    HOST_KEY_CHANGED,
    /** Key, passphrase or second factor refused. */
    AUTH_FAILED,
    /** TCP or SSH transport failure, or a timeout. */
    CONNECT_FAILED,
    /** A command on the host exited non-zero. */
    COMMAND_FAILED,
    /** The uploaded bundle's SHA-256 on the host differs from the local one. */
    CHECKSUM_MISMATCH,
    /** The bundle file is not a release bundle. */
    BAD_BUNDLE,
    /** The service did not answer its health check in time. */
    UNHEALTHY,
    /** The operator cancelled the action. */
    CANCELLED,
    /** The local operator files (inventory, action log) could not be written. */
    LOCAL_IO
  }

  private final Reason reason;

  public RemoteException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RemoteException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
