package io.rvnt.server.identity;

import io.rvnt.protocol.identity.ProtocolException;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.ledger.Outcome;
import java.util.Optional;

/**
 * A request the identity rules refuse, with the spec's error code. The message is fixed English that never contains
 * request data; the HTTP edge maps the code to a status in one place.
 */
public final class IdentityException extends Exception {
  private final ErrorCode code;
  private final int requiredPowBits;
  private final long retryAfterSeconds;
  private final transient PowTarget powTarget;

  public IdentityException(ErrorCode code, String message) {
    this(code, message, 0, 0, null);
  }

  private IdentityException(ErrorCode code, String message, int requiredPowBits, long retryAfterSeconds,
      PowTarget powTarget) {
    super(message, null, false, false);
    this.code = code;
    this.requiredPowBits = requiredPowBits;
    this.retryAfterSeconds = retryAfterSeconds;
    this.powTarget = powTarget;
  }

  /**
   * POW_MISSING, POW_INSUFFICIENT or POW_SEED_EXPIRED, carrying the floor in bits and what to solve for now
   * (spec §6.5).
   */
  static IdentityException pow(ErrorCode code, String message, int requiredPowBits, PowTarget target) {
    return new IdentityException(code, message, requiredPowBits, 0, target);
  }

  /** UNAVAILABLE for a request the proof-of-work queue dropped: retry after a second, at the effort named. */
  public static IdentityException busy(String message, int requiredPowBits, PowTarget target) {
    return new IdentityException(ErrorCode.UNAVAILABLE, message, requiredPowBits, 1, target);
  }

  /** UNAVAILABLE with the seconds after which the client may try again. */
  static IdentityException unavailable(String message, long retryAfterSeconds) {
    return new IdentityException(ErrorCode.UNAVAILABLE, message, 0, Math.max(1, retryAfterSeconds), null);
  }

  /** A refusal decided by the ledger's rules. */
  static IdentityException refused(Outcome.Refused refused) {
    return new IdentityException(refused.code(), refused.message(), 0, refused.retryAfterSeconds(), null);
  }

  /** The protocol module's reasons carry the names of identity.proto's error codes. */
  static IdentityException of(ProtocolException e) {
    return new IdentityException(ErrorCode.valueOf(e.reason().name()), e.getMessage());
  }

  public ErrorCode code() {
    return code;
  }

  /** The seed and suggested effort to answer with (spec §6.5), when the refusal is about the proof of work. */
  public Optional<PowTarget> powTarget() {
    return Optional.ofNullable(powTarget);
  }

  /** Set with the proof-of-work refusals, else 0. */
  public int requiredPowBits() {
    return requiredPowBits;
  }

  /** Set with UNAVAILABLE, else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
