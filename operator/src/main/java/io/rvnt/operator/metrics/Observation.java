package io.rvnt.operator.metrics;

import io.rvnt.operator.instances.InstanceStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll saw of one instance: its status, its health light, the latest metrics sample, and the error of
 * that poll if the metrics could not be read.
 */
public record Observation(InstanceStatus status, Health health, Optional<MetricsSample> latest,
    MetricsHistory history, Optional<String> error) {
  public Observation {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(error, "error");
  }
}
