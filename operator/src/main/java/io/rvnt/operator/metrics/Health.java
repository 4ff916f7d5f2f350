package io.rvnt.operator.metrics;

/** The health light of an instance: its admin listener's {@code GET /health}. */
public enum Health {
  /** Not asked yet, or the instance is not running. */
  UNKNOWN,
  HEALTHY,
  /** Running, but {@code /health} failed or did not answer in time. */
  UNHEALTHY
}
