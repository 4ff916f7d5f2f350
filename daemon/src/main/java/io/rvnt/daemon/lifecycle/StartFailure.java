package io.rvnt.daemon.lifecycle;

import java.io.IOException;
import java.util.concurrent.ExecutionException;

/**
 * Why a server did not start, as the one line its command prints: the deepest message among the failure's causes
 * (a bind that failed inside a future, say), not the wrappers around it.
 */
public final class StartFailure {

  private StartFailure() {}

  /** {@code WHAT could not start: REASON}, with {@code failure} as the cause. */
  public static IOException of(String what, Throwable failure) {
    return new IOException(what + " could not start: " + reason(failure), failure);
  }

  /** The message of the first cause that has one past the wrappers, or the class's simple name. */
  static String reason(Throwable failure) {
    Throwable c = failure;
    while (c.getCause() != null && (c.getMessage() == null || c instanceof ExecutionException)) {
      c = c.getCause();
    }
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }
}
