package io.rvnt.canary.document;

import java.time.LocalDate;

/**
 * The operators' schedule (server architecture, "Warrant Canary"): a canary on the 1st of every month, and users
 * assume the worst if none is out by the 5th. So a canary published in one month is due to be replaced by the 5th
 * of the next.
 */
public final class DueDates {
  /** "If the canary is not updated by the 5th of the month". */
  public static final int DEFAULT_DUE_DAY_OF_MONTH = 5;

  private DueDates() {}

  /** The 5th of the month after {@code published}. */
  public static LocalDate defaultDue(LocalDate published) {
    return published.plusMonths(1).withDayOfMonth(DEFAULT_DUE_DAY_OF_MONTH);
  }
}
