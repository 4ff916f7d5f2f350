package io.rvnt.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  // One sample: a name, optional labels whose values are quoted with escapes, a value.
  private static final Pattern SAMPLE = Pattern.compile(
      "(rvnt_[a-z0-9_]+)(\\{[a-z_]+=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\"(,[a-z_]+=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*})?"
          + " (-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?|NaN|[+-]Inf)");
  private static final Pattern HELP = Pattern.compile("# HELP (rvnt_[a-z0-9_]+) \\S.*");
  private static final Pattern TYPE = Pattern.compile("# TYPE (rvnt_[a-z0-9_]+) (counter|gauge)");

  private static final MetricsSchema HTTP = new MetricsSchema("an API route", true, "Open client connections.",
      List.of(Family.gauge("registered_users", "Registered users.")));
  private static final MetricsSchema KADEMLIA = new MetricsSchema("a Kademlia request type", false,
      "Open libp2p connections.", List.of(
          Family.gauge("routing_table_peers", "Peers in the routing table."),
          Family.gauges("routing_table_bucket_peers", "Peers per k-bucket.", "routing_table_bucket_", "bucket"),
          Family.counters("refused", "Requests refused, per reason.", "refused_", "reason"),
          Family.counter("lookups", "Lookups started.")));

  private static EndpointStats endpoint(String name, long requests) {
    return EndpointStats.newBuilder().setEndpoint(name).setRequests(requests).setErrors4Xx(2).setErrors5Xx(1)
        .setRateLimited(1).setP50Ms(1.5).setP95Ms(4).setP99Ms(8).setWindowSeconds(60).build();
  }

  private static MetricsSnapshot identity() {
    return MetricsSnapshot.newBuilder().setRole("identity").setVersion("1.0").setUptimeMs(5_500)
        .addEndpoints(endpoint("bundle", 7)).addEndpoints(endpoint("register", 3))
        .setOpenConnections(6).setDataDirBytes(10).setDiskFreeBytes(20).setDiskTotalBytes(30)
        .setHeapUsedBytes(40).setHeapMaxBytes(50).putGauges("registered_users", 3).build();
  }

  private static MetricsSnapshot bootstrap() {
    return MetricsSnapshot.newBuilder().setRole("bootstrap").addEndpoints(endpoint("FIND_NODE", 9))
        .setOpenConnections(2).putGauges("routing_table_peers", 4).putGauges("routing_table_bucket_3", 1)
        .putGauges("routing_table_bucket_250", 3).putCounters("refused_rate_limited", 5)
        .putCounters("refused_too_large", 0).putCounters("lookups", 11).build();
  }

  private static List<String> lines(String text) {
    assertThat(text).as("the text ends with a line feed").endsWith("\n");
    return Arrays.asList(text.split("\n"));
  }

  @Test
  void everyLineIsAHelpATypeOrASample() {
    for (String text : List.of(PrometheusText.format(HTTP, identity()), PrometheusText.format(KADEMLIA,
        bootstrap()))) {
      assertThat(lines(text)).allSatisfy(line -> assertThat(HELP.matcher(line).matches()
          || TYPE.matcher(line).matches() || SAMPLE.matcher(line).matches())
          .as("a HELP line, a TYPE line or a sample: %s", line).isTrue());
    }
  }

  @Test
  void everyFamilyHasOneHelpThenOneTypeBeforeItsSamples() {
    List<String> lines = lines(PrometheusText.format(KADEMLIA, bootstrap()));
    List<String> seen = new ArrayList<>();
    String current = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher help = HELP.matcher(lines.get(i));
      if (help.matches()) {
        current = help.group(1);
        assertThat(seen).as("one HELP per family: %s", current).doesNotContain(current);
        seen.add(current);
        assertThat(lines.get(i + 1)).as("TYPE follows HELP").startsWith("# TYPE " + current + " ");
        i++;
      } else {
        Matcher sample = SAMPLE.matcher(lines.get(i));
        assertThat(sample.matches()).isTrue();
        assertThat(sample.group(1)).as("a sample belongs to the family above it").isEqualTo(current);
      }
    }
  }

  @Test
  void componentFiguresAreNamedRvntComponentAndProcessFiguresRvntProcess() {
    List<String> names = lines(PrometheusText.format(KADEMLIA, bootstrap())).stream()
        .map(TYPE::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    assertThat(names).containsExactly(
        "rvnt_bootstrap_requests_total", "rvnt_bootstrap_latency_ms", "rvnt_bootstrap_open_connections",
        "rvnt_bootstrap_routing_table_peers", "rvnt_bootstrap_routing_table_bucket_peers",
        "rvnt_bootstrap_refused_total", "rvnt_bootstrap_lookups_total",
        "rvnt_process_uptime_seconds", "rvnt_process_heap_used_bytes", "rvnt_process_heap_max_bytes",
        "rvnt_process_data_dir_bytes", "rvnt_process_disk_free_bytes", "rvnt_process_disk_total_bytes");
  }

  @Test
  void countersEndInTotalAndGaugesDoNot() {
    for (String line : lines(PrometheusText.format(HTTP, identity()))) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        assertThat(type.group(1).endsWith("_total")).as("%s: _total exactly for counters", line)
            .isEqualTo(type.group(2).equals("counter"));
      }
    }
  }

  @Test
  void perEndpointFiguresCarryTheEndpointLabel() {
    assertThat(PrometheusText.format(HTTP, identity()))
        .contains("rvnt_identity_requests_total{endpoint=\"bundle\"} 7\n")
        .contains("rvnt_identity_requests_total{endpoint=\"register\"} 3\n")
        .contains("rvnt_identity_errors_total{endpoint=\"bundle\",class=\"4xx\"} 2\n")
        .contains("rvnt_identity_errors_total{endpoint=\"bundle\",class=\"5xx\"} 1\n")
        .contains("rvnt_identity_rate_limited_total{endpoint=\"bundle\"} 1\n")
        .contains("rvnt_identity_open_connections 6\n")
        .contains("rvnt_identity_registered_users 3\n");
  }

  @Test
  void latencyIsAGaugeWithOneSamplePerQuantileLabel() {
    assertThat(PrometheusText.format(KADEMLIA, bootstrap()))
        .contains("# TYPE rvnt_bootstrap_latency_ms gauge\n")
        .contains("rvnt_bootstrap_latency_ms{endpoint=\"FIND_NODE\",quantile=\"0.5\"} 1.5\n")
        .contains("rvnt_bootstrap_latency_ms{endpoint=\"FIND_NODE\",quantile=\"0.95\"} 4\n")
        .contains("rvnt_bootstrap_latency_ms{endpoint=\"FIND_NODE\",quantile=\"0.99\"} 8\n");
  }

  @Test
  void theLatencyHelpStatesTheSixtySecondWindow() {
    assertThat(PrometheusText.format(HTTP, identity())).containsPattern(
        "# HELP rvnt_identity_latency_ms [^\\n]*over the requests answered in the last 60 seconds");
  }

  @Test
  void statusClassAnd429FiguresAreOnlyForHttpComponents() {
    assertThat(PrometheusText.format(KADEMLIA, bootstrap())).as("a Kademlia request has no HTTP status")
        .doesNotContain("errors_total").doesNotContain("rate_limited_total");
  }

  @Test
  void aLabelledFamilyTakesTheRestOfEachKeyAsItsLabel() {
    assertThat(PrometheusText.format(KADEMLIA, bootstrap()))
        .contains("rvnt_bootstrap_routing_table_bucket_peers{bucket=\"3\"} 1\n")
        .contains("rvnt_bootstrap_routing_table_bucket_peers{bucket=\"250\"} 3\n")
        .contains("rvnt_bootstrap_refused_total{reason=\"rate_limited\"} 5\n")
        .contains("rvnt_bootstrap_refused_total{reason=\"too_large\"} 0\n")
        .contains("rvnt_bootstrap_routing_table_peers 4\n");
  }

  @Test
  void processFiguresComeFromTheSnapshot() {
    assertThat(PrometheusText.format(HTTP, identity()))
        .contains("rvnt_process_uptime_seconds 5.5\n")
        .contains("rvnt_process_data_dir_bytes 10\n")
        .contains("rvnt_process_disk_free_bytes 20\n")
        .contains("rvnt_process_disk_total_bytes 30\n")
        .contains("rvnt_process_heap_used_bytes 40\n")
        .contains("rvnt_process_heap_max_bytes 50\n");
  }

  @Test
  void labelValuesEscapeBackslashDoubleQuoteAndLineFeed() {
    MetricsSnapshot odd = identity().toBuilder().clearEndpoints().addEndpoints(endpoint("a\\b\"c\nd", 1)).build();
    String text = PrometheusText.format(HTTP, odd);
    assertThat(text).contains("rvnt_identity_requests_total{endpoint=\"a\\\\b\\\"c\\nd\"} 1\n");
    assertThat(lines(text)).allSatisfy(line -> assertThat(HELP.matcher(line).matches()
        || TYPE.matcher(line).matches() || SAMPLE.matcher(line).matches()).as(line).isTrue());
  }

  @Test
  void helpTextsEscapeBackslashAndLineFeed() {
    MetricsSchema schema = new MetricsSchema("a route", true, "Open\nconnections \\ sockets.", List.of(
        Family.gauge("registered_users", "Users.")));
    assertThat(PrometheusText.format(schema, identity()))
        .contains("# HELP rvnt_identity_open_connections Open\\nconnections \\\\ sockets.\n");
  }

  @Test
  void valuesAreIntegersWhenWholeAndKeepTheirSpecialNames() {
    assertThat(PrometheusText.value(3.0)).isEqualTo("3");
    assertThat(PrometheusText.value(0.25)).isEqualTo("0.25");
    assertThat(PrometheusText.value(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void aGaugeTheSchemaDoesNotDeclareIsRefused() {
    MetricsSnapshot undeclared = identity().toBuilder().putGauges("mystery", 1).build();
    assertThatThrownBy(() -> PrometheusText.format(HTTP, undeclared)).isInstanceOf(SchemaException.class)
        .hasMessage("identity reports the gauge 'mystery', which its schema does not declare");
  }

  @Test
  void aCounterTheSchemaDoesNotDeclareIsRefused() {
    MetricsSnapshot undeclared = bootstrap().toBuilder().putCounters("handshake_failures", 1).build();
    assertThatThrownBy(() -> PrometheusText.format(KADEMLIA, undeclared)).isInstanceOf(SchemaException.class)
        .hasMessage("bootstrap reports the counter 'handshake_failures', which its schema does not declare");
  }

  @Test
  void anEndpointWithAnotherLatencyWindowIsRefusedSinceTheHelpWouldBeWrong() {
    MetricsSnapshot sinceStart = identity().toBuilder().setEndpoints(0,
        endpoint("bundle", 7).toBuilder().setWindowSeconds(0)).build();
    assertThatThrownBy(() -> PrometheusText.format(HTTP, sinceStart)).isInstanceOf(SchemaException.class)
        .hasMessage("endpoint bundle reports a 0 s latency window, not the 60 s that /metrics states");
  }
}
