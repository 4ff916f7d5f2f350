package io.rvnt.operator.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * A condition as it was seen over time: when it started, its latest detail, and when it cleared (empty while it
 * holds).
 */
public record Alert(AlertKind kind, String subject, String detail, Instant started, Optional<Instant> cleared) {
  public boolean active() {
    return cleared.isEmpty();
  }
}
