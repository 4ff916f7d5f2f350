/**
 * Aggregates every server process measures the same way: latency percentiles over one sliding window
 * ({@link io.rvnt.daemon.metrics.LatencyWindow}) and the data directory's disk ({@link
 * io.rvnt.daemon.metrics.DiskUsage}). Counts and times only: nothing here can hold a user, an address or a key.
 */
package io.rvnt.daemon.metrics;
