package io.rvnt.canary.verify;

/**
 * What a user should conclude from the published canary. Anything but {@link #OK} is the alarm state: the server
 * architecture tells users to assume the event has occurred.
 */
public enum Verdict {
  /** Signed by the pinned key, fresh, all five statements present, newer than any canary seen before. */
  OK,
  /** Past its due date, or older than (or a different document with the same number as) one already seen. */
  STALE,
  /** Validly signed but one or more of the five statements is missing or reworded; the reasons name them. */
  STATEMENT_MISSING,
  /** A signature by the pinned key that does not match the published text. */
  BAD_SIGNATURE,
  /** Signed by another key, or the published key is not the pinned one (or is revoked or expired). */
  WRONG_KEY,
  /** A file is missing, unreadable or not in the canary format, or a date is impossible (such as in the future). */
  MALFORMED
}
