package io.rvnt.operator.alerts;

import java.util.Objects;

/**
 * An alert condition that holds now.
 *
 * @param subject the instance (its name in the console or the inventory), or {@code canary}
 * @param detail one line with the figure and its threshold; aggregates only
 */
public record Condition(AlertKind kind, String subject, String detail) {
  public Condition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(detail, "detail");
  }
}
