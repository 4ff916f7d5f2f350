package io.rvnt.operator.instances;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an instance's owner knows about it at one moment: identity, life-cycle state, the process, the endpoints it
 * announced and the latest warnings from its own output (which by invariant never holds user data).
 *
 * @param location {@code local} for a sandbox process; a host name for a remote one
 */
public record InstanceStatus(
    String name,
    Role role,
    String location,
    InstanceState state,
    Optional<Instant> startedAt,
    OptionalLong pid,
    List<Endpoint> endpoints,
    List<String> recentWarnings) {

  public InstanceStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(pid, "pid");
    endpoints = List.copyOf(endpoints);
    recentWarnings = List.copyOf(recentWarnings);
  }

  /** The admin listener's base URL ({@code /health}, {@code /metrics.pb}), once announced. */
  public Optional<String> adminUrl() {
    return endpoints.stream().filter(e -> e.label().equals(Endpoint.ADMIN)).map(Endpoint::address).findFirst();
  }

  /** The first endpoint with this label. */
  public Optional<String> endpoint(String label) {
    return endpoints.stream().filter(e -> e.label().equals(label)).map(Endpoint::address).findFirst();
  }
}
