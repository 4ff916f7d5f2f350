package io.rvnt.console.metrics;

/** One endpoint of the selected instance in the Metrics table: the latest aggregates. */
public record EndpointRow(String endpoint, double ratePerSecond, long requests, long errors4xx, long errors5xx,
    long rateLimited, double p50Ms, double p95Ms, double p99Ms) {}
