package io.rvnt.server.identity;

import io.rvnt.protocol.identity.ProtocolException;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.ledger.Outcome;

/**
 * A request the identity rules refuse, with the spec's error code. The message is fixed English that never contains
 * request data; the HTTP edge maps the code to a status in one place.
 */
public final class IdentityException extends Exception {
  private final ErrorCode code;
  private final int requiredPowBits;
  private final long retryAfterSeconds;

  public IdentityException(ErrorCode code, String message) {
    this(code, message, 0, 0);
  }

  private IdentityException(ErrorCode code, String message, int requiredPowBits, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.requiredPowBits = requiredPowBits;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** POW_MISSING or POW_INSUFFICIENT, carrying the difficulty the client must meet (spec §6.1). */
  static IdentityException pow(ErrorCode code, String message, int requiredPowBits) {
    return new IdentityException(code, message, requiredPowBits, 0);
  }

  /** UNAVAILABLE with the seconds after which the client may try again. */
  static IdentityException unavailable(String message, long retryAfterSeconds) {
    return new IdentityException(ErrorCode.UNAVAILABLE, message, 0, Math.max(1, retryAfterSeconds));
  }

  /** A refusal decided by the ledger's rules. */
  static IdentityException refused(Outcome.Refused refused) {
    return new IdentityException(refused.code(), refused.message(), 0, refused.retryAfterSeconds());
  }

  /** The protocol module's reasons carry the names of identity.proto's error codes. */
  static IdentityException of(ProtocolException e) {
    return new IdentityException(ErrorCode.valueOf(e.reason().name()), e.getMessage());
  }

  public ErrorCode code() {
    return code;
  }

  /** Set with POW_MISSING and POW_INSUFFICIENT, else 0. */
  public int requiredPowBits() {
    return requiredPowBits;
  }

  /** Set with UNAVAILABLE, else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
