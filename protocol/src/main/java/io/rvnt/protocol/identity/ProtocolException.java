package io.rvnt.protocol.identity;

/**
 * A request that breaks a rule of the identity protocol (docs/identity-protocol.md). The reason names the
 * {@code ErrorCode} of identity.proto that the server answers with; the message is for humans and never contains
 * request data (no username, no key bytes).
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused; each name matches an {@code ErrorCode} of identity.proto. */
  public enum Reason {
    MALFORMED_REQUEST,
    INVALID_USERNAME,
    INVALID_KEY,
    BAD_KEY_SIGNATURE,
    TOO_MANY_PREKEYS,
    DUPLICATE_PREKEY_ID,
    POW_MISSING,
    POW_INSUFFICIENT,
    AUTH_MISSING,
    BAD_REQUEST_SIGNATURE,
    STALE_TIMESTAMP
  }

  private final Reason reason;

  public ProtocolException(Reason reason, String message) {
    super(message);
    if (reason == null) {
      throw new NullPointerException("reason");
    }
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Rules are checked often on bad input; the stack trace says nothing the reason does not. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
