package io.rvnt.protocol.client;

import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.wire.ErrorCode;
import java.util.Optional;

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
  private final transient PowTarget powTarget;
  private final long retryAfterSeconds;

  public IdentityClientException(ErrorCode code, int status, String message) {
    this(code, status, message, null, 0);
  }

  /** A refusal that names what to solve for now (spec §6.5) and when to try again, either may be absent. */
  public IdentityClientException(ErrorCode code, int status, String message, PowTarget powTarget,
      long retryAfterSeconds) {
    super(message);
    this.code = code;
    this.status = status;
    this.powTarget = powTarget;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The seed and suggested effort the server's {@code Error} carried (spec §6.5), if any. */
  public Optional<PowTarget> powTarget() {
    return Optional.ofNullable(powTarget);
  }

  /** The server's {@code retry_after_seconds}, else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  public int status() {
    return status;
  }
}
