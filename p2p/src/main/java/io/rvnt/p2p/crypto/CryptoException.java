package io.rvnt.p2p.crypto;

/** A key or PeerId that cannot be used: the one error type of the crypto layer. */
public final class CryptoException extends IllegalArgumentException {

  /** Why a key or PeerId was rejected. */
  public enum Reason {
    MALFORMED_KEY,
    UNSUPPORTED_KEY_TYPE,
    MALFORMED_PEER_ID
  }

  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public CryptoException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public CryptoException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
