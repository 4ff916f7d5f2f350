package io.rvnt.server.metrics;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.EndpointStats;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * Aggregates of one route: counts since start per status class, and latency percentiles over the sliding window
 * every server shares ({@link LatencyWindow}).
 */
public final class RouteMetrics {
  private final String name;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors4xx = new LongAdder();
  private final LongAdder errors5xx = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LatencyWindow latency;

  RouteMetrics(String name, Clock clock) {
    this.name = name;
    this.latency = new LatencyWindow(clock);
  }

  /** Counts one answered request of this route with its HTTP status and how long it took. */
  public void record(int status, long elapsedNanos) {
    requests.increment();
    if (status == 429) {
      rateLimited.increment();
    }
    if (status >= 500) {
      errors5xx.increment();
    } else if (status >= 400) {
      errors4xx.increment();
    }
    latency.record(elapsedNanos);
  }

  LatencyWindow latencyWindow() {
    return latency;
  }

  EndpointStats snapshot() {
    return latency.percentiles().fill(EndpointStats.newBuilder()
        .setEndpoint(name)
        .setRequests(requests.sum())
        .setErrors4Xx(errors4xx.sum())
        .setErrors5Xx(errors5xx.sum())
        .setRateLimited(rateLimited.sum()))
        .build();
  }
}
