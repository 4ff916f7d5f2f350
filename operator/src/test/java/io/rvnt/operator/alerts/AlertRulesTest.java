package io.rvnt.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.metrics.EndpointSample;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final long GIB = 1L << 30;
  private final AlertRules rules = new AlertRules(Thresholds.DEFAULTS);

  private static MetricsSample identity(Instant at, long requests, long errors5xx, long free, long heapUsed,
      Map<String, Double> gauges) {
    return new MetricsSample("identity", "1", Duration.ofHours(1), at,
        List.of(new EndpointSample("register", requests, requests / 2, errors5xx, 0, 1, 2, 3)), 1_000, free,
        100 * GIB, heapUsed, 1_000, 0, gauges, Map.of());
  }

  private static MetricsSample healthy(Instant at, long requests, long errors5xx) {
    return identity(at, requests, errors5xx, 50 * GIB, 100, Map.of("min_free_disk_bytes", 512.0 * (1 << 20)));
  }

  private List<AlertKind> kinds(List<MetricsSample> samples) {
    return rules.instance("identity-1", InstanceState.RUNNING, Health.HEALTHY, samples).stream()
        .map(Condition::kind).toList();
  }

  @Test
  void theErrorRateIsTheShareOfServerErrorsOverTheWindowNotSinceStart() {
    MetricsSample old = healthy(T0, 1_000, 200);
    MetricsSample windowStart = healthy(T0.plus(Duration.ofMinutes(5)), 2_000, 200);
    MetricsSample now = healthy(T0.plus(Duration.ofMinutes(10)), 3_000, 300);
    assertThat(kinds(List.of(old, windowStart, now))).as("100 of the last 1000 requests failed: 10 % > 5 %")
        .containsExactly(AlertKind.ERROR_RATE);
    MetricsSample calm = healthy(T0.plus(Duration.ofMinutes(10)), 3_000, 210);
    assertThat(kinds(List.of(old, windowStart, calm)))
        .as("1 % over the window, though 7 % since start: the window decides").isEmpty();
    assertThat(rules.instance("identity-1", InstanceState.RUNNING, Health.HEALTHY, List.of(old, windowStart, now))
        .get(0).detail())
        .isEqualTo("10 % of requests failed over the last 300 s (threshold 5 %)");
  }

  @Test
  void oneSampleIsJudgedSinceTheProcessStarted() {
    assertThat(rules.instance("identity-1", InstanceState.RUNNING, Health.HEALTHY, List.of(healthy(T0, 100, 10))))
        .extracting(Condition::detail).containsExactly("10 % of requests failed since start (threshold 5 %)");
  }

  @Test
  void clientErrorsAreNotTheServersErrors() {
    assertThat(kinds(List.of(healthy(T0, 100, 0)))).as("half the requests were 4xx, none 5xx").isEmpty();
  }

  @Test
  void aRestartedProcessIsJudgedFromItsStart() {
    assertThat(kinds(List.of(healthy(T0, 5_000, 0), healthy(T0.plusSeconds(10), 100, 50))))
        .as("fewer requests than before: the counters began again").containsExactly(AlertKind.ERROR_RATE);
  }

  @Test
  void diskMemoryAndTheRegistrationRefusalHaveTheRulesThresholds() {
    MetricsSample full = identity(T0, 0, 0, 10 * GIB, 950, Map.of("min_free_disk_bytes", 20.0 * GIB));
    assertThat(kinds(List.of(full))).as("90 % full, free below min-free-disk, heap at 95 %")
        .containsExactly(AlertKind.DISK_USAGE, AlertKind.REFUSING_REGISTRATIONS, AlertKind.MEMORY);
    MetricsSample fine = identity(T0, 0, 0, 16 * GIB, 900, Map.of("min_free_disk_bytes", 1.0 * GIB));
    assertThat(kinds(List.of(fine))).as("84 % full, heap at exactly 90 %: not over the thresholds").isEmpty();
  }

  @Test
  void anUnhealthyRunningInstanceOrAFailedOneIsDownAndAStoppedOneIsNot() {
    assertThat(rules.instance("identity-1", InstanceState.RUNNING, Health.UNHEALTHY, List.of()))
        .extracting(Condition::kind).containsExactly(AlertKind.INSTANCE_DOWN);
    assertThat(rules.instance("identity-1", InstanceState.FAILED, Health.UNKNOWN, List.of(healthy(T0, 100, 100))))
        .as("its process ended unasked: down, and its old figures are not judged").extracting(Condition::kind)
        .containsExactly(AlertKind.INSTANCE_DOWN);
    assertThat(rules.instance("identity-1", InstanceState.STOPPED, Health.UNKNOWN, List.of(healthy(T0, 100, 100))))
        .as("the operator stopped it").isEmpty();
  }

  @Test
  void aBootstrapNodeMustKnowTwoOfItsConfiguredPeersOrAllOfFewer() {
    assertThat(bootstrap(3, 1)).as("configured with 3, knows 1").containsExactly(AlertKind.DHT_BOOTSTRAP_PEERS);
    assertThat(bootstrap(3, 2)).isEmpty();
    assertThat(bootstrap(1, 1)).as("the second node of a chain knows the one it was given").isEmpty();
    assertThat(bootstrap(0, 0)).as("the first node of a chain").isEmpty();
  }

  private List<AlertKind> bootstrap(double configured, double known) {
    MetricsSample s = new MetricsSample("bootstrap", "1", Duration.ofHours(1), T0,
        List.of(new EndpointSample("FIND_NODE", 100, 0, 0, 0, 1, 2, 3)), 1_000, 50 * GIB, 100 * GIB, 10, 1_000, 0,
        Map.of("configured_peers", configured, "configured_peers_in_routing_table", known),
        Map.of("refused_malformed_message", 1L));
    return kinds(List.of(s));
  }

  @Test
  void aBootstrapNodesRefusalsAreItsErrors() {
    MetricsSample s = new MetricsSample("bootstrap", "1", Duration.ofHours(1), T0,
        List.of(new EndpointSample("FIND_NODE", 100, 0, 0, 0, 1, 2, 3)), 1_000, 50 * GIB, 100 * GIB, 10, 1_000, 0,
        Map.of(), Map.of("refused_malformed_message", 20L, "lookups", 500L));
    assertThat(kinds(List.of(s))).containsExactly(AlertKind.ERROR_RATE);
  }

  @Test
  void theCanaryIsDueSoonWithinThreeDaysAndOverdueFromTheDayAfterItsDueDay() {
    Optional<LocalDate> due = Optional.of(LocalDate.of(2026, 12, 5));
    assertThat(rules.canary(due, Instant.parse("2026-12-02T23:59:00Z"))).as("3 days and a minute left").isEmpty();
    assertThat(rules.canary(due, Instant.parse("2026-12-03T00:01:00Z"))).extracting(Condition::kind)
        .as("overdue from the 6th, under 3 days away").containsExactly(AlertKind.CANARY_DUE_SOON);
    assertThat(rules.canary(due, Instant.parse("2026-12-05T23:59:00Z"))).extracting(Condition::kind)
        .as("the due day itself is still good").containsExactly(AlertKind.CANARY_DUE_SOON);
    assertThat(rules.canary(due, Instant.parse("2026-12-06T00:00:00Z"))).extracting(Condition::kind)
        .containsExactly(AlertKind.CANARY_OVERDUE);
    assertThat(rules.canary(Optional.empty(), Instant.parse("2026-12-06T00:00:00Z"))).as("no canary known")
        .isEmpty();
  }
}
