package io.rvnt.p2p.multiformats;

/** A malformed multiformat value (varint, multiaddr, multihash, multibase, CID): the one error type of this layer. */
public final class MultiformatException extends IllegalArgumentException {

  /** Why a value was rejected. */
  public enum Reason {
    VARINT_TOO_LONG,
    VARINT_NOT_MINIMAL,
    TRUNCATED,
    TRAILING_BYTES,
    UNKNOWN_PROTOCOL,
    BAD_VALUE,
    BAD_TEXT,
    TOO_LONG,
    UNSUPPORTED_HASH,
    BAD_DIGEST_LENGTH,
    BAD_ENCODING,
    UNSUPPORTED_CID
  }

  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public MultiformatException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
