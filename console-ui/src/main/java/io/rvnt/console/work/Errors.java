package io.rvnt.console.work;

/** Turns a failure into the one line an operator reads: the deepest message, no class names, no stack trace. */
public final class Errors {
  /** A message longer than this is not being read; the rest is cut. */
  static final int MAX_CHARS = 300;

  private Errors() {}

  public static String readable(Throwable failure) {
    Throwable cause = failure;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String text = cause.getMessage() != null ? cause.getMessage() : "unexpected " + cause.getClass().getSimpleName();
    text = text.replace('\n', ' ').strip();
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
  }
}
