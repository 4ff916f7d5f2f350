package io.rvnt.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.testsupport.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  void countsRequestsErrorsAndRateLimitsPerRoute() {
    ServerMetrics metrics = new ServerMetrics("identity", "1.0", MutableClock.atFixedInstant(),
        List.of("bundle", "register"));
    metrics.route("bundle").record(200, 1_000_000);
    metrics.route("bundle").record(404, 2_000_000);
    metrics.route("bundle").record(429, 3_000_000);
    metrics.route("register").record(503, 4_000_000);
    MetricsSnapshot snapshot = metrics.snapshot(new DiskUsage(10, 20, 30), Map.of());
    assertThat(snapshot.getEndpoints(0).getRequests()).isEqualTo(3);
    assertThat(snapshot.getEndpoints(0).getErrors4Xx()).isEqualTo(2);
    assertThat(snapshot.getEndpoints(0).getRateLimited()).isEqualTo(1);
    assertThat(snapshot.getEndpoints(1).getErrors5Xx()).isEqualTo(1);
    assertThat(snapshot.getEndpoints(0).getP99Ms()).isBetween(2.9, 3.1);

    String text = PrometheusText.format(snapshot);
    assertThat(text)
        .contains("rvnt_identity_requests_total{route=\"bundle\"} 3\n")
        .contains("rvnt_identity_errors_total{route=\"register\",class=\"5xx\"} 1\n")
        .contains("rvnt_identity_rate_limited_total{route=\"bundle\"} 1\n")
        .contains("rvnt_identity_data_dir_bytes 10\n")
        .contains("# TYPE rvnt_identity_latency_ms gauge\n");
    for (String line : text.split("\n")) {
      assertThat(line).as("every line is a comment or a sample").matches("# (HELP|TYPE) .*|rvnt_[a-z_0-9]+(\\{.*\\})? [0-9.E-]+");
    }
  }
}
