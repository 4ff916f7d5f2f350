package io.rvnt.operator.alerts;

import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.metrics.EndpointSample;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The conditions of packaging/monitoring/rvnt-alerts.yml, evaluated on the figures the console and {@code rvnt
 * remote status} already read: an instance's recent metrics samples and its health, and the canary's due date. One
 * evaluation for both, so that the console, the command line and Prometheus agree. Stateless; thread-safe.
 */
public final class AlertRules {
  private final Thresholds thresholds;

  public AlertRules(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  /**
   * The conditions that hold for one instance.
   *
   * @param state its process's state: a stopped instance is the operator's choice, not an alert; a failed one (its
   *     process ended unasked, or a watched host's SSH session closed) is down, as a running one whose /health fails
   * @param samples its recent samples, oldest first (one is enough; a rate needs its span, see {@link #errorRatio})
   */
  public List<Condition> instance(String name, InstanceState state, Health health, List<MetricsSample> samples) {
    List<Condition> conditions = new ArrayList<>();
    if (state == InstanceState.FAILED) {
      conditions.add(new Condition(AlertKind.INSTANCE_DOWN, name, "failed: its process ended unasked or cannot be "
          + "reached"));
    } else if (state == InstanceState.RUNNING && health == Health.UNHEALTHY) {
      conditions.add(new Condition(AlertKind.INSTANCE_DOWN, name, "does not answer /health"));
    }
    if (state != InstanceState.RUNNING || samples.isEmpty()) {
      return conditions;
    }
    MetricsSample latest = samples.get(samples.size() - 1);
    errorRatio(samples).filter(r -> r.ratio() > thresholds.errorRatio()).ifPresent(r -> conditions.add(
        new Condition(AlertKind.ERROR_RATE, name, percent(r.ratio()) + " of requests failed " + r.span()
            + " (threshold " + percent(thresholds.errorRatio()) + ")")));
    if (latest.diskTotalBytes() > 0) {
      double used = 1 - (double) latest.diskFreeBytes() / latest.diskTotalBytes();
      if (used > thresholds.diskUsedRatio()) {
        conditions.add(new Condition(AlertKind.DISK_USAGE, name, "data directory's file system " + percent(used)
            + " full (threshold " + percent(thresholds.diskUsedRatio()) + ")"));
      }
    }
    Double reserve = latest.gauges().get("min_free_disk_bytes");
    if (reserve != null && latest.diskFreeBytes() < reserve) {
      conditions.add(new Condition(AlertKind.REFUSING_REGISTRATIONS, name,
          "free space below min-free-disk: registrations are refused with 507"));
    }
    if (latest.heapMaxBytes() > 0) {
      double heap = (double) latest.heapUsedBytes() / latest.heapMaxBytes();
      if (heap > thresholds.heapRatio()) {
        conditions.add(new Condition(AlertKind.MEMORY, name, "JVM heap at " + percent(heap) + " of its limit "
            + "(threshold " + percent(thresholds.heapRatio()) + ")"));
      }
    }
    Double configured = latest.gauges().get("configured_peers");
    Double known = latest.gauges().get("configured_peers_in_routing_table");
    if (configured != null && known != null && known < Math.min(configured, thresholds.bootstrapPeers())) {
      conditions.add(new Condition(AlertKind.DHT_BOOTSTRAP_PEERS, name, String.format(Locale.ROOT,
          "%.0f of its %.0f configured bootstrap peers in its routing table (needs %d, or all)", known, configured,
          thresholds.bootstrapPeers())));
    }
    return conditions;
  }

  /**
   * The canary's conditions at {@code now}: overdue from the start of the day after its due date (UTC), as
   * {@code rvnt_canary_next_due_timestamp_seconds} says, and due soon within the threshold before that.
   */
  public List<Condition> canary(Optional<LocalDate> due, Instant now) {
    if (due.isEmpty()) {
      return List.of();
    }
    Instant overdue = due.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    if (!now.isBefore(overdue)) {
      return List.of(new Condition(AlertKind.CANARY_OVERDUE, "canary", "overdue since " + due.get().plusDays(1)
          + ": users are told to assume the worst"));
    }
    if (Duration.between(now, overdue).compareTo(thresholds.canaryDueWithin()) < 0) {
      return List.of(new Condition(AlertKind.CANARY_DUE_SOON, "canary", "due by " + due.get()
          + ": sign and publish the next one"));
    }
    return List.of();
  }

  /** A share of failed requests and the span it covers ("over the last 5 min", "since start"). */
  record Ratio(double ratio, String span) {}

  /**
   * The share of failed requests between a baseline and the latest sample: the newest sample at least the error
   * window older than the latest, else the oldest one kept, else the process's start (counters begin at 0). Across a
   * restart (fewer requests than the baseline) the start is the baseline. Empty without requests in the span.
   */
  Optional<Ratio> errorRatio(List<MetricsSample> samples) {
    MetricsSample latest = samples.get(samples.size() - 1);
    MetricsSample baseline = null;
    for (MetricsSample s : samples.subList(0, samples.size() - 1)) {
      if (baseline == null || !s.takenAt().isAfter(latest.takenAt().minus(thresholds.errorWindow()))) {
        baseline = s;
      }
    }
    long requests = requests(latest);
    long errors = errors(latest);
    String span = "since start";
    if (baseline != null && requests(baseline) <= requests) {
      requests -= requests(baseline);
      errors -= errors(baseline);
      span = "over the last " + Duration.between(baseline.takenAt(), latest.takenAt()).toSeconds() + " s";
    }
    return requests <= 0 ? Optional.empty() : Optional.of(new Ratio((double) Math.max(0, errors) / requests, span));
  }

  private static long requests(MetricsSample s) {
    return s.endpoints().stream().mapToLong(EndpointSample::requests).sum();
  }

  /** What the rules count as failed: the identity server's 5xx answers, a bootstrap node's refused requests. */
  private static long errors(MetricsSample s) {
    long refused = s.counters().entrySet().stream().filter(e -> e.getKey().startsWith("refused_"))
        .mapToLong(Map.Entry::getValue).sum();
    return s.endpoints().stream().mapToLong(EndpointSample::errors5xx).sum() + refused;
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
  }
}
