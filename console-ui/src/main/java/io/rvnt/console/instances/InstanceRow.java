package io.rvnt.console.instances;

import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.metrics.Health;
import java.util.List;

/**
 * One line of the Instances table, ready to show.
 *
 * @param cluster an identity cluster member's role as {@code ./rvnt cluster status} prints it ({@code leader},
 *     {@code follower}, {@code witness}), {@code —} while it does not answer; empty for anything else
 * @param lag committed entries the member has not applied yet, {@code —} while it does not answer; empty for
 *     anything else
 */
public record InstanceRow(String name, String role, String cluster, String lag, String location, InstanceState state,
    Health health, String uptime, String version, String endpoints, List<String> warnings) {

  public InstanceRow {
    warnings = List.copyOf(warnings);
  }

  /** The health light: green only when running and answering {@code /health}. */
  public boolean healthy() {
    return state == InstanceState.RUNNING && health == Health.HEALTHY;
  }
}
