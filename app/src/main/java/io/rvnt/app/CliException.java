package io.rvnt.app;

/** An expected command failure; its message is the one line the operator sees. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
