package io.rvnt.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

class RouteMetricsTest {
  private final MutableClock clock = MutableClock.atFixedInstant();
  private final RouteMetrics route = new RouteMetrics("bundle", clock);

  @Test
  void countsRequestsPerStatusClassAnd429sSinceStart() {
    route.record(200, 1_000_000);
    route.record(404, 2_000_000);
    route.record(429, 3_000_000);
    route.record(503, 4_000_000);
    EndpointStats stats = route.snapshot();
    assertThat(stats.getEndpoint()).isEqualTo("bundle");
    assertThat(stats.getRequests()).isEqualTo(4);
    assertThat(stats.getErrors4Xx()).as("404 and 429 are client errors").isEqualTo(2);
    assertThat(stats.getRateLimited()).as("429 is also counted on its own").isEqualTo(1);
    assertThat(stats.getErrors5Xx()).isEqualTo(1);
  }

  @Test
  void latencyPercentilesAreThoseOfTheSharedSixtySecondWindow() {
    route.record(200, 3_000_000);
    EndpointStats stats = route.snapshot();
    assertThat(stats.getP99Ms()).isCloseTo(3, within(0.03));
    assertThat(stats.getWindowSeconds()).as("the snapshot says what span its percentiles cover").isEqualTo(60);
  }
}
