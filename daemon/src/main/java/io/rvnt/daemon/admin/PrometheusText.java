package io.rvnt.daemon.admin;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a snapshot in the Prometheus text exposition format 0.0.4, one naming scheme for every component:
 * {@code rvnt_<component>_...} for what the component counts (per endpoint, its connections, its own families) and
 * {@code rvnt_process_...} for the process (uptime, heap, data directory, disk). Every family has a HELP line that
 * says what the code counts and a TYPE line; labels are fixed names (endpoints, quantiles, the families' own labels),
 * their values escaped as the format requires.
 */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** The names the writer gives the per-endpoint figures and the connections, which no family may take. */
  static final List<String> ENDPOINT_FAMILIES =
      List.of("requests", "errors", "rate_limited", "latency_ms", "open_connections");

  private static final String PROCESS = "rvnt_process_";
  private static final String[][] QUANTILES = {{"0.5", "p50"}, {"0.95", "p95"}, {"0.99", "p99"}};

  private final StringBuilder out = new StringBuilder(4096);

  private PrometheusText() {}

  /**
   * The text of {@code snapshot}, whose role names the component.
   *
   * @throws SchemaException when the snapshot holds a gauge or counter that {@code schema} does not declare,
   *     or an endpoint whose latency window is not {@link LatencyWindow#WINDOW}: /metrics would not say what it is
   */
  static String format(MetricsSchema schema, MetricsSnapshot snapshot) {
    PrometheusText text = new PrometheusText();
    String prefix = "rvnt_" + snapshot.getRole() + "_";
    text.endpoints(prefix, schema, snapshot.getEndpointsList());
    text.header(prefix + "open_connections", "gauge", schema.openConnections());
    text.sample(prefix + "open_connections", snapshot.getOpenConnections());
    text.families(prefix, schema.families(), snapshot);
    text.process(snapshot);
    return text.out.toString();
  }

  private void endpoints(String prefix, MetricsSchema schema, List<EndpointStats> endpoints) {
    if (endpoints.isEmpty()) {
      return;
    }
    String per = " per endpoint (" + schema.endpoint() + ")";
    header(prefix + "requests_total", "counter", "Requests answered since the server started," + per + ".");
    for (EndpointStats e : endpoints) {
      sample(prefix + "requests_total", e.getRequests(), "endpoint", e.getEndpoint());
    }
    if (schema.httpStatuses()) {
      header(prefix + "errors_total", "counter",
          "Requests answered with an error status since the server started," + per + " and status class.");
      for (EndpointStats e : endpoints) {
        sample(prefix + "errors_total", e.getErrors4Xx(), "endpoint", e.getEndpoint(), "class", "4xx");
        sample(prefix + "errors_total", e.getErrors5Xx(), "endpoint", e.getEndpoint(), "class", "5xx");
      }
      header(prefix + "rate_limited_total", "counter",
          "Requests refused with 429 by the rate limit since the server started (also counted in errors_total),"
              + per + ".");
      for (EndpointStats e : endpoints) {
        sample(prefix + "rate_limited_total", e.getRateLimited(), "endpoint", e.getEndpoint());
      }
    }
    long window = LatencyWindow.WINDOW.toSeconds();
    header(prefix + "latency_ms", "gauge", "Time to answer a request in milliseconds at the quantile of the label, "
        + "over the requests answered in the last " + window + " seconds (0 when there were none)," + per + ".");
    for (EndpointStats e : endpoints) {
      if (e.getWindowSeconds() != window) {
        throw new SchemaException("endpoint " + e.getEndpoint() + " reports a " + e.getWindowSeconds()
            + " s latency window, not the " + window + " s that /metrics states");
      }
      double[] values = {e.getP50Ms(), e.getP95Ms(), e.getP99Ms()};
      for (int i = 0; i < QUANTILES.length; i++) {
        sample(prefix + "latency_ms", values[i], "endpoint", e.getEndpoint(), "quantile", QUANTILES[i][0]);
      }
    }
  }

  private void families(String prefix, List<Family> families, MetricsSnapshot snapshot) {
    Set<String> gauges = new HashSet<>();
    Set<String> counters = new HashSet<>();
    for (Family family : families) {
      boolean gauge = family.kind() == Family.Kind.GAUGE;
      Map<String, ? extends Number> entries = gauge ? snapshot.getGaugesMap() : snapshot.getCountersMap();
      String name = prefix + family.name() + (gauge ? "" : "_total");
      boolean headed = false;
      for (Map.Entry<String, ? extends Number> entry : entries.entrySet()) {
        if (!family.reads(entry.getKey())) {
          continue;
        }
        if (!(gauge ? gauges : counters).add(entry.getKey())) {
          throw new SchemaException("two families read the " + family.kind() + " '" + entry.getKey() + "'");
        }
        if (!headed) {
          header(name, gauge ? "gauge" : "counter", family.help());
          headed = true;
        }
        double value = entry.getValue().doubleValue();
        if (family.label().isPresent()) {
          sample(name, value, family.label().get(), entry.getKey().substring(family.key().length()));
        } else {
          sample(name, value);
        }
      }
    }
    undeclared(snapshot.getGaugesMap().keySet(), gauges, "gauge", snapshot.getRole());
    undeclared(snapshot.getCountersMap().keySet(), counters, "counter", snapshot.getRole());
  }

  private static void undeclared(Set<String> keys, Set<String> declared, String kind, String component) {
    for (String key : keys) {
      if (!declared.contains(key)) {
        throw new SchemaException(component + " reports the " + kind + " '" + key
            + "', which its schema does not declare");
      }
    }
  }

  private void process(MetricsSnapshot s) {
    gauge(PROCESS + "uptime_seconds", "Seconds since the server started.", s.getUptimeMs() / 1000.0);
    gauge(PROCESS + "heap_used_bytes", "Bytes of JVM heap in use.", s.getHeapUsedBytes());
    gauge(PROCESS + "heap_max_bytes", "Bytes of JVM heap the process may use (0 when the JVM sets no limit).",
        s.getHeapMaxBytes());
    gauge(PROCESS + "data_dir_bytes", "Bytes of the files in the server's data directory.", s.getDataDirBytes());
    gauge(PROCESS + "disk_free_bytes", "Bytes the server may still write on the data directory's file system.",
        s.getDiskFreeBytes());
    gauge(PROCESS + "disk_total_bytes", "Size in bytes of the data directory's file system.",
        s.getDiskTotalBytes());
  }

  private void gauge(String name, String help, double value) {
    header(name, "gauge", help);
    sample(name, value);
  }

  private void header(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** A sample; {@code labels} are name, value, name, value... */
  private void sample(String name, double value, String... labels) {
    out.append(name);
    if (labels.length > 0) {
      out.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(value(value)).append('\n');
  }

  static String value(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    // Whole numbers as integers: counts read as counts, and exactly (a double prints 1.0E15).
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Format 0.0.4: in a label value, backslash, double quote and line feed are escaped. */
  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Format 0.0.4: in a HELP text, backslash and line feed are escaped. */
  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
