package io.rvnt.dht;

/**
 * Failure of a DHT operation or refusal of a peer's request: the one error type of the DHT layer. Messages never
 * carry peer addresses, PeerIds or keys (invariant 1).
 */
public final class DhtException extends RuntimeException {

  /** Why a request was refused or an operation failed. */
  public enum Reason {
    /** A Kademlia message that does not parse, or lacks a field its type needs. */
    MALFORMED_MESSAGE,
    /** A message, key or value above its size limit. */
    TOO_LARGE,
    /** The record's validator refused it (forged, expired, unknown namespace...). */
    INVALID_RECORD,
    /** The peer sent more requests than its rate allows. */
    RATE_LIMITED,
    /** The peer, or the node as a whole, holds as many records as it may, or the node's disk is full. */
    STORAGE_FULL,
    /** The remote did not answer in time. */
    TIMEOUT,
    /** No known peer could be reached for the operation. */
    NO_PEERS,
    /** The remote answered with something other than the response asked for. */
    UNEXPECTED_RESPONSE,
    /** The record store failed. */
    STORE_FAILED,
    CLOSED
  }

  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public DhtException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public DhtException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
