package io.rvnt.server.ledger;

/**
 * The ledger cannot answer now: a cluster without a leader, a leader that does not answer in time, a member that is
 * closing. The message is fixed text, the retry delay a hint for the client's {@code Retry-After}.
 */
public final class LedgerUnavailableException extends RuntimeException {
  private final long retryAfterSeconds;

  public LedgerUnavailableException(String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
