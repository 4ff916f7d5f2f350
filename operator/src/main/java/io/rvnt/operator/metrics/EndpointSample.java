package io.rvnt.operator.metrics;

/** One endpoint's aggregate counters and latency quantiles at one moment (rvnt.metrics.v1.EndpointStats). */
public record EndpointSample(
    String endpoint, long requests, long errors4xx, long errors5xx, long rateLimited,
    double p50Ms, double p95Ms, double p99Ms) {

  public long errors() {
    return errors4xx + errors5xx;
  }
}
