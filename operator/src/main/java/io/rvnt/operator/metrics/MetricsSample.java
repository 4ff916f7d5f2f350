package io.rvnt.operator.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One aggregate metrics snapshot of an instance (rvnt.metrics.v1.MetricsSnapshot, converted at the edge). Aggregates
 * only: nothing in it can name a user, a client or a peer.
 */
public record MetricsSample(
    String role,
    String version,
    Duration uptime,
    Instant takenAt,
    List<EndpointSample> endpoints,
    long dataDirBytes,
    long diskFreeBytes,
    long diskTotalBytes,
    long heapUsedBytes,
    long heapMaxBytes,
    long openConnections,
    Map<String, Double> gauges,
    Map<String, Long> counters) {

  public MetricsSample {
    endpoints = List.copyOf(endpoints);
    gauges = Map.copyOf(gauges);
    counters = Map.copyOf(counters);
  }

  public Optional<EndpointSample> endpoint(String name) {
    return endpoints.stream().filter(e -> e.endpoint().equals(name)).findFirst();
  }
}
