package io.rvnt.app;

/** An expected command failure; its message is the one line the operator sees. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
