package io.rvnt.server.metrics;

import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.Map;

/**
 * Renders a {@link MetricsSnapshot} in the Prometheus text exposition format 0.0.4. Metric names are
 * {@code rvnt_<role>_...}; the only labels are fixed route names and quantiles.
 */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String format(MetricsSnapshot snapshot) {
    String p = "rvnt_" + snapshot.getRole() + "_";
    StringBuilder out = new StringBuilder(4096);
    header(out, p + "requests_total", "counter", "Requests answered, per route.");
    for (EndpointStats e : snapshot.getEndpointsList()) {
      line(out, p + "requests_total", route(e), e.getRequests());
    }
    header(out, p + "errors_total", "counter", "Error responses, per route and status class.");
    for (EndpointStats e : snapshot.getEndpointsList()) {
      line(out, p + "errors_total", route(e) + ",class=\"4xx\"", e.getErrors4Xx());
      line(out, p + "errors_total", route(e) + ",class=\"5xx\"", e.getErrors5Xx());
    }
    header(out, p + "rate_limited_total", "counter", "Requests refused with 429, per route.");
    for (EndpointStats e : snapshot.getEndpointsList()) {
      line(out, p + "rate_limited_total", route(e), e.getRateLimited());
    }
    header(out, p + "latency_ms", "gauge", "Response latency percentiles since start, milliseconds.");
    for (EndpointStats e : snapshot.getEndpointsList()) {
      line(out, p + "latency_ms", route(e) + ",quantile=\"0.5\"", e.getP50Ms());
      line(out, p + "latency_ms", route(e) + ",quantile=\"0.95\"", e.getP95Ms());
      line(out, p + "latency_ms", route(e) + ",quantile=\"0.99\"", e.getP99Ms());
    }
    gauge(out, p + "uptime_seconds", "Seconds since the server started.", snapshot.getUptimeMs() / 1000.0);
    gauge(out, p + "data_dir_bytes", "Bytes in the data directory.", snapshot.getDataDirBytes());
    gauge(out, p + "disk_free_bytes", "Usable bytes on the data directory's file system.",
        snapshot.getDiskFreeBytes());
    gauge(out, p + "disk_total_bytes", "Total bytes of the data directory's file system.",
        snapshot.getDiskTotalBytes());
    gauge(out, p + "heap_used_bytes", "JVM heap in use.", snapshot.getHeapUsedBytes());
    gauge(out, p + "heap_max_bytes", "JVM maximum heap.", snapshot.getHeapMaxBytes());
    gauge(out, p + "open_connections", "Open client connections.", snapshot.getOpenConnections());
    for (Map.Entry<String, Double> g : snapshot.getGaugesMap().entrySet()) {
      gauge(out, p + g.getKey(), "Role-specific aggregate.", g.getValue());
    }
    for (Map.Entry<String, Long> c : snapshot.getCountersMap().entrySet()) {
      header(out, p + c.getKey(), "counter", "Role-specific aggregate.");
      line(out, p + c.getKey(), null, c.getValue());
    }
    return out.toString();
  }

  private static String route(EndpointStats e) {
    return "route=\"" + e.getEndpoint() + "\"";
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    header(out, name, "gauge", help);
    line(out, name, null, value);
  }

  private static void line(StringBuilder out, String name, String labels, double value) {
    out.append(name);
    if (labels != null) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ');
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
  }
}
