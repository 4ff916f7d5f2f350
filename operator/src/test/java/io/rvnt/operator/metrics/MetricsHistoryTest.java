package io.rvnt.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {
  static MetricsSample sample(long atSecond, long registerRequests) {
    return new MetricsSample("identity", "1", Duration.ofSeconds(atSecond), Instant.ofEpochSecond(atSecond),
        List.of(new EndpointSample("register", registerRequests, 1, 0, 0, 5, 9, 12)), 100, 1000, 2000, 10, 20, 1,
        Map.of(), Map.of());
  }

  @Test
  void rateIsRequestsPerSecondBetweenTheLastTwoSamples() {
    MetricsHistory history = new MetricsHistory(10);
    history.add(sample(100, 10));
    assertThat(history.requestRate("register")).as("one sample gives no rate").isEmpty();
    history.add(sample(102, 30));
    assertThat(history.requestRate("register")).as("20 requests in 2 s").hasValue(10.0);
    assertThat(history.requestRate("bundle")).as("an endpoint not in the snapshot has no requests").hasValue(0.0);
  }

  @Test
  void aRestartedInstanceStartsCountingAgain() {
    MetricsHistory history = new MetricsHistory(10);
    history.add(sample(100, 500));
    history.add(sample(101, 3));
    assertThat(history.requestRate("register")).as("counters fell: the instance restarted").hasValue(3.0);
  }

  @Test
  void keepsTheNewestSamplesUpToItsCapacity() {
    MetricsHistory history = new MetricsHistory(3);
    for (int i = 1; i <= 5; i++) {
      history.add(sample(i, i));
    }
    assertThat(history.samples()).extracting(s -> s.takenAt().getEpochSecond()).containsExactly(3L, 4L, 5L);
  }

  @Test
  void ignoresASampleNotNewerThanTheLast() {
    MetricsHistory history = new MetricsHistory(3);
    history.add(sample(5, 1));
    history.add(sample(5, 2));
    history.add(sample(4, 3));
    assertThat(history.samples()).as("one snapshot per moment, in order").hasSize(1);
  }

  @Test
  void refusesACapacityThatCannotGiveARate() {
    assertThatThrownBy(() -> new MetricsHistory(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
