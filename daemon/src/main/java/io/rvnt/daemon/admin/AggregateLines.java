package io.rvnt.daemon.admin;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of one period's aggregate log lines (server architecture: "register: 3 errors in last hour"): per
 * endpoint that answered in the period, its requests, for HTTP components its errors by status class, and the
 * period's latency percentiles; then one line of the process's disk and memory. Fixed names and numbers only.
 */
final class AggregateLines {
  private AggregateLines() {}

  /**
   * @param previous each endpoint's cumulative counts at the previous report (absent: none yet)
   * @param periods each endpoint's latencies of this period
   */
  static List<String> of(MetricsSchema schema, MetricsSnapshot now, Map<String, EndpointStats> previous,
      Map<String, LatencyWindow.Period> periods, Duration interval) {
    String span = "in last " + span(interval);
    List<String> lines = new ArrayList<>();
    for (EndpointStats e : now.getEndpointsList()) {
      EndpointStats before = previous.getOrDefault(e.getEndpoint(), EndpointStats.getDefaultInstance());
      long requests = delta(e.getRequests(), before.getRequests());
      LatencyWindow.Period period = periods.get(e.getEndpoint());
      if (requests == 0 && (period == null || period.count() == 0)) {
        continue;
      }
      StringBuilder line = new StringBuilder(e.getEndpoint()).append(": ").append(requests)
          .append(requests == 1 ? " request" : " requests");
      if (schema.httpStatuses()) {
        long clientErrors = delta(e.getErrors4Xx(), before.getErrors4Xx());
        long serverErrors = delta(e.getErrors5Xx(), before.getErrors5Xx());
        long errors = clientErrors + serverErrors;
        line.append(", ").append(errors).append(errors == 1 ? " error" : " errors")
            .append(" (4xx ").append(clientErrors).append(", 5xx ").append(serverErrors).append(')');
      }
      line.append(' ').append(span);
      if (period != null) {
        LatencyWindow.Percentiles p = period.percentiles();
        line.append(", p50 ").append(millis(p.p50Ms())).append(", p95 ").append(millis(p.p95Ms()))
            .append(", p99 ").append(millis(p.p99Ms()));
      }
      lines.add(line.toString());
    }
    if (lines.isEmpty()) {
      lines.add(now.getRole() + ": no requests " + span);
    }
    lines.add(now.getRole() + " process: data dir " + bytes(now.getDataDirBytes()) + ", disk "
        + bytes(now.getDiskFreeBytes()) + " free of " + bytes(now.getDiskTotalBytes()) + ", heap "
        + bytes(now.getHeapUsedBytes()) + " used of "
        + (now.getHeapMaxBytes() > 0 ? bytes(now.getHeapMaxBytes()) : "no limit"));
    return lines;
  }

  /** A counter's growth; a counter below its previous value started again (it cannot: the process would be new). */
  private static long delta(long now, long before) {
    return now >= before ? now - before : now;
  }

  /** "hour", "2 hours", "10 minutes", "90 seconds". */
  static String span(Duration interval) {
    long seconds = interval.toSeconds();
    if (seconds % 3_600 == 0) {
      return seconds == 3_600 ? "hour" : seconds / 3_600 + " hours";
    }
    if (seconds % 60 == 0) {
      return seconds == 60 ? "minute" : seconds / 60 + " minutes";
    }
    return seconds == 1 ? "second" : seconds + " seconds";
  }

  /** Whole milliseconds from 10 ms up; one decimal below, where a whole number would say 0 or 1 for most. */
  static String millis(double ms) {
    return ms >= 10 ? Math.round(ms) + " ms" : String.format(Locale.ROOT, "%.1f ms", ms);
  }

  static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
