package io.rvnt.daemon.admin;

/**
 * A snapshot that /metrics cannot explain: a gauge or counter its component's schema does not declare, or a latency
 * window other than the one the HELP text states. A programming error of the component; its message holds only
 * fixed names, so it may be logged.
 */
final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SchemaException(String message) {
    super(message);
  }
}
