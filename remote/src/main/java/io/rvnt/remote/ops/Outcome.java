package io.rvnt.remote.ops;

/** How an action on one host ended. */
public enum Outcome {
  OK,
  /** The new version failed its health check; the previous one runs again. */
  ROLLED_BACK,
  FAILED,
  CANCELLED
}
