package io.rvnt.daemon.admin;

/**
 * What an {@link AdminAction} answers: an HTTP status and one line of text for the operator. The text must not
 * identify a user or a client (invariant 1): it reaches the operator's terminal and perhaps a log.
 */
public record AdminAnswer(int status, String text) {
  public AdminAnswer {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("an HTTP status, not " + status);
    }
  }
}
