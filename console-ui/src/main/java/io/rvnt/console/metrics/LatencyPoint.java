package io.rvnt.console.metrics;

/** One point of the latency and rate charts: seconds since the first sample shown. */
public record LatencyPoint(double seconds, double p50Ms, double p95Ms, double p99Ms, double ratePerSecond) {}
