package io.rvnt.relay.protocol;

/**
 * A request the relay refuses, or a response a client refuses, with its {@link RelayStatus}. The message is fixed
 * English that never carries request data (ids, keys, blobs): it may reach a log or an operator's terminal.
 */
public final class RelayException extends RuntimeException {

  private final RelayStatus status;

  public RelayException(RelayStatus status, String message) {
    super(message, null, false, false);
    if (status == RelayStatus.OK) {
      throw new AssertionError("OK is not a refusal");
    }
    this.status = status;
  }

  public RelayStatus status() {
    return status;
  }
}
