package io.rvnt.console.instances;

import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.metrics.Health;
import java.util.List;

/** One line of the Instances table, ready to show. */
public record InstanceRow(String name, String role, String location, InstanceState state, Health health,
    String uptime, String version, String endpoints, List<String> warnings) {

  public InstanceRow {
    warnings = List.copyOf(warnings);
  }

  /** The health light: green only when running and answering {@code /health}. */
  public boolean healthy() {
    return state == InstanceState.RUNNING && health == Health.HEALTHY;
  }
}
