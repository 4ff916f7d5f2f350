package io.rvnt.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
  private final MutableClock clock = MutableClock.atFixedInstant();
  private final LatencyWindow window = new LatencyWindow(clock);

  private void record(int times, long millis) {
    for (int i = 0; i < times; i++) {
      window.record(Duration.ofMillis(millis).toNanos());
    }
  }

  @Test
  void percentilesCoverOnlyTheLastSixtySeconds() {
    record(100, 50);
    assertThat(window.percentiles().p50Ms()).as("slow requests are seen while in the window")
        .isCloseTo(50, within(0.5));

    clock.advance(LatencyWindow.WINDOW.plusSeconds(5));
    record(100, 1);
    assertThat(window.percentiles().p99Ms()).as("latencies older than the window no longer count")
        .isCloseTo(1, within(0.01));
  }

  @Test
  void latenciesWithinTheWindowAddUpAcrossCalls() {
    record(1, 10);
    window.percentiles();
    clock.advance(Duration.ofSeconds(30));
    record(1, 30);
    LatencyWindow.Percentiles p = window.percentiles();
    assertThat(p.p50Ms()).as("the older latency, 30 s ago, is still inside the 60 s window")
        .isCloseTo(10, within(0.1));
    assertThat(p.p99Ms()).isCloseTo(30, within(0.3));
  }

  @Test
  void aQuietWindowReportsZeroRatherThanStaleFigures() {
    record(1, 20);
    window.percentiles();
    clock.advance(Duration.ofMinutes(5));
    assertThat(window.percentiles().p99Ms()).as("no latency in the window").isZero();
  }

  @Test
  void latenciesAboveTheTrackedMaximumCountAsTheMaximum() {
    record(1, LatencyWindow.MAX_TRACKED.multipliedBy(3).toMillis());
    assertThat(window.percentiles().p99Ms()).as("recorded as 10 minutes, within 1 %")
        .isCloseTo(LatencyWindow.MAX_TRACKED.toMillis(), within(LatencyWindow.MAX_TRACKED.toMillis() / 100.0));
  }

  @Test
  void endpointStatsSayWhichWindowTheirPercentilesCover() {
    record(1, 5);
    EndpointStats stats = window.percentiles().fill(EndpointStats.newBuilder()).build();
    assertThat(stats.getWindowSeconds()).as("the snapshot says the span of its percentiles").isEqualTo(60);
    assertThat(stats.getP50Ms()).isCloseTo(5, within(0.05));
  }

  @Test
  void aPeriodHoldsEveryLatencySinceThePreviousOneHowEverLongAgo() {
    record(90, 2);
    window.percentiles();
    clock.advance(Duration.ofMinutes(50));
    record(10, 40);
    LatencyWindow.Period period = window.takePeriod();
    assertThat(period.count()).as("both the scraped and the unscraped latencies, 50 minutes apart").isEqualTo(100);
    assertThat(period.percentiles().p50Ms()).as("most requests were fast").isCloseTo(2, within(0.02));
    assertThat(period.percentiles().p95Ms()).as("the slow tenth, outside the 60 s window by now, still counts")
        .isCloseTo(40, within(0.4));
  }

  @Test
  void takingAPeriodStartsTheNextEmptyAndLeavesTheWindowAlone() {
    record(5, 8);
    window.takePeriod();
    LatencyWindow.Period next = window.takePeriod();
    assertThat(next.count()).as("the next period starts empty").isZero();
    assertThat(next.percentiles().p99Ms()).as("an empty period reports 0").isZero();
    assertThat(window.percentiles().p50Ms()).as("the 60 s window still holds what the period took")
        .isCloseTo(8, within(0.08));
  }
}
