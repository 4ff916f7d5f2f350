package io.rvnt.operator.alerts;

import java.time.Duration;

/**
 * The alert thresholds, the same numbers as packaging/monitoring/rvnt-alerts.yml (a test reads that file and
 * compares). Prometheus also waits for a condition to last (its {@code for:}); the console waits a few polls
 * ({@link AlertBook#DEFAULT_CONFIRM_AFTER}) and {@code rvnt remote status} judges its one snapshot.
 *
 * @param errorRatio share of a component's requests that failed over {@code errorWindow} (identity: 5xx answers;
 *     bootstrap: refused requests)
 * @param diskUsedRatio used share of the data directory's file system
 * @param heapRatio JVM heap in use over its limit
 * @param bootstrapPeers configured bootstrap peers a bootstrap node must have in its routing table (all of them when
 *     it is configured with fewer)
 * @param canaryDueWithin how long before its due date the canary needs attention
 */
public record Thresholds(double errorRatio, Duration errorWindow, double diskUsedRatio, double heapRatio,
    int bootstrapPeers, Duration canaryDueWithin) {

  public static final Thresholds DEFAULTS =
      new Thresholds(0.05, Duration.ofMinutes(5), 0.85, 0.90, 2, Duration.ofDays(3));
}
