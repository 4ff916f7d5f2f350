package io.rvnt.server.store;

/**
 * The position of a replicated log entry (its Raft term and index). A cluster member stores the position of the last
 * entry it applied in the same write as the entry's changes, so that after a crash it knows exactly which entries it
 * must apply again and which it must skip.
 */
public record AppliedIndex(long term, long index) {
  public AppliedIndex {
    if (term < 0 || index < 0) {
      throw new IllegalArgumentException("a log position is not negative");
    }
  }
}
