package io.rvnt.daemon.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a component's figures mean, so that /metrics names and explains each one the same way for every component.
 *
 * @param endpoint what one endpoint of the snapshot is, completing HELP texts such as "Requests answered since the
 *     server started, per endpoint (an API route)": {@code "an API route"}, {@code "a Kademlia request type"}
 * @param httpStatuses whether the endpoints answer with HTTP statuses; only then are errors per status class and
 *     {@code 429} refusals exported, figures that mean nothing for other protocols
 * @param openConnections what the snapshot's {@code open_connections} counts, the HELP text of
 *     {@code rvnt_<component>_open_connections}
 * @param families the component's own gauges and counters; the snapshot may hold no other
 */
public record MetricsSchema(String endpoint, boolean httpStatuses, String openConnections, List<Family> families) {

  public MetricsSchema {
    families = List.copyOf(families);
    if (endpoint.isBlank() || openConnections.isBlank()) {
      throw new IllegalArgumentException("the endpoints and the open connections need their meaning");
    }
    Set<String> names = new HashSet<>(PrometheusText.ENDPOINT_FAMILIES);
    for (Family family : families) {
      if (!names.add(family.name())) {
        throw new IllegalArgumentException("two families named " + family.name());
      }
    }
  }
}
