package io.rvnt.server.cluster;

/**
 * Why leadership did not move to the member an operator named ({@code cluster transfer-leadership}); the message is
 * for the operator and names only members and durations.
 */
public final class TransferException extends Exception {
  /** What went wrong, for the one place that turns it into an answer ({@link TransferLeadershipAction}). */
  public enum Reason {
    /** No member of that name is configured. */
    UNKNOWN_MEMBER,
    /** The witness never serves clients, so it is never asked to lead. */
    WITNESS,
    /** No leader is known, or none answered: there is nothing to move. */
    NO_LEADER,
    /** The leader agreed, but the member did not take over within the deadline. */
    TIMED_OUT
  }

  private final Reason reason;

  TransferException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
