package io.rvnt.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteMetricsTest {
  private final MutableClock clock = MutableClock.atFixedInstant();
  private final RouteMetrics route = new RouteMetrics("bundle", clock);

  @Test
  void latencyPercentilesCoverOnlyTheLastWindow() {
    for (int i = 0; i < 100; i++) {
      route.record(200, 50_000_000);
    }
    assertThat(route.snapshot().getP50Ms()).as("slow requests are seen while in the window").isBetween(49.0, 51.0);

    clock.advance(RouteMetrics.LATENCY_WINDOW.plusSeconds(5));
    for (int i = 0; i < 100; i++) {
      route.record(200, 1_000_000);
    }
    EndpointStats later = route.snapshot();
    assertThat(later.getP99Ms()).as("requests older than the window no longer count").isBetween(0.9, 1.1);
    assertThat(later.getRequests()).as("counts stay cumulative since start").isEqualTo(200);
    assertThat(later.getWindowSeconds()).as("the snapshot says what span its percentiles cover").isEqualTo(60);
  }

  @Test
  void requestsWithinTheWindowAddUpAcrossSnapshots() {
    route.record(200, 10_000_000);
    route.snapshot();
    clock.advance(Duration.ofSeconds(30));
    route.record(200, 30_000_000);
    EndpointStats stats = route.snapshot();
    assertThat(stats.getP50Ms()).as("the older request, 30 s ago, is still inside the 60 s window").isBetween(9.9, 10.1);
    assertThat(stats.getP99Ms()).isBetween(29.9, 30.1);
  }

  @Test
  void aQuietWindowReportsZeroRatherThanStaleFigures() {
    route.record(200, 20_000_000);
    route.snapshot();
    clock.advance(Duration.ofMinutes(5));
    assertThat(route.snapshot().getP99Ms()).as("no request in the window").isZero();
  }
}
