package io.rvnt.protocol.client;

import io.rvnt.protocol.wire.ErrorCode;

/**
 * A request the identity server refused, or an answer the client refused. {@link #status()} is the HTTP status of
 * the server's answer, or {@link #CLIENT_SIDE} when the client itself found the fault (a bundle whose signatures do
 * not verify, an oversized or unreadable answer). The message is the server's, or the client's own.
 */
public final class IdentityClientException extends Exception {
  private static final long serialVersionUID = 1L;
  /** The status of a failure found by the client, without an HTTP answer to blame. */
  public static final int CLIENT_SIDE = 0;

  private final ErrorCode code;
  private final int status;

  public IdentityClientException(ErrorCode code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  public ErrorCode code() {
    return code;
  }

  public int status() {
    return status;
  }
}
