package io.rvnt.p2p.core;

/**
 * Failure of a connection, stream or handshake: the one error type of the libp2p connection layer. Messages never
 * carry peer addresses or PeerIds (invariant 1).
 */
public final class P2pException extends RuntimeException {

  /** Why a connection, a stream or a dial failed. */
  public enum Reason {
    /** The address has no transport, or misses a part (such as the /p2p PeerId) a dial needs. */
    UNSUPPORTED_ADDRESS,
    DIAL_FAILED,
    HANDSHAKE_FAILED,
    HANDSHAKE_TIMEOUT,
    /** The remote proved a PeerId other than the one dialed. */
    PEER_ID_MISMATCH,
    /** multistream-select found no common protocol ({@code na}). */
    PROTOCOL_NOT_SUPPORTED,
    NEGOTIATION_TIMEOUT,
    /** The peer broke a wire protocol (bad frame, bad varint, flow-control violation...). */
    PROTOCOL_VIOLATION,
    MESSAGE_TOO_LARGE,
    TOO_MANY_CONNECTIONS,
    TOO_MANY_STREAMS,
    BUFFER_LIMIT,
    STREAM_RESET,
    CONNECTION_CLOSED,
    HOST_CLOSED
  }

  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public P2pException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public P2pException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
