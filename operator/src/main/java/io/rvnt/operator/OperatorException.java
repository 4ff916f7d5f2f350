package io.rvnt.operator;

/**
 * The one failure type of the operator services (sandbox, metrics polling, synthetic traffic). Its message is one
 * readable line for the operator; the reason lets callers choose an exit code or a colour without parsing text.
 */
public final class OperatorException extends Exception {
  /** Why an operator action failed. */
  public enum Reason {
    /** rvnt.jar, which every sandbox instance runs, could not be found. */
    JAR_MISSING,
    /** A process did not start, or ended before it was listening. */
    START_FAILED,
    /** A process did not become ready before its deadline. */
    TIMEOUT,
    /** The operator cancelled the action. */
    CANCELLED,
    /** An admin listener answered with something that is not a metrics snapshot. */
    BAD_ANSWER,
    /** Files or sockets failed. */
    IO,
    /** The operator gave something that cannot be used (an address, a domain, a DNS server). */
    BAD_INPUT,
    /** DNS could not be asked, or what it serves cannot be used. */
    DNS
  }

  private final Reason reason;

  public OperatorException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public OperatorException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
