package io.rvnt.console.alerts;

/** One line of the Alerts table, as text. */
public record AlertRow(boolean active, String subject, String alert, String detail, String started, String cleared) {
  /** The State column. */
  public String state() {
    return active ? "firing" : "cleared";
  }
}
