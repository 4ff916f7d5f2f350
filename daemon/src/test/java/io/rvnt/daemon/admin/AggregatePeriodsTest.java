package io.rvnt.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatePeriodsTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dataDir;
  private final MutableClock clock = MutableClock.atFixedInstant();

  /** An HTTP component with two routes whose counters and latencies the test drives. */
  private final class Routes implements AdminComponent {
    final Map<String, long[]> counts = new LinkedHashMap<>(); // requests, 4xx, 5xx
    final Map<String, LatencyWindow> windows = new LinkedHashMap<>();
    final boolean http;

    Routes(boolean http, String... routes) {
      this.http = http;
      for (String route : routes) {
        counts.put(route, new long[3]);
        windows.put(route, new LatencyWindow(clock));
      }
    }

    void answer(String route, int status, long millis) {
      long[] c = counts.get(route);
      c[0]++;
      c[1] += status >= 400 && status < 500 ? 1 : 0;
      c[2] += status >= 500 ? 1 : 0;
      windows.get(route).record(Duration.ofMillis(millis).toNanos());
    }

    @Override
    public String name() {
      return "identity";
    }

    @Override
    public MetricsSchema schema() {
      return new MetricsSchema("an API route", http, "Open connections.", List.of());
    }

    @Override
    public MetricsSnapshot snapshot() {
      MetricsSnapshot.Builder b = MetricsSnapshot.newBuilder();
      counts.forEach((route, c) -> b.addEndpoints(windows.get(route).percentiles().fill(EndpointStats.newBuilder()
          .setEndpoint(route).setRequests(c[0]).setErrors4Xx(c[1]).setErrors5Xx(c[2]))));
      return b.build();
    }

    @Override
    public Map<String, LatencyWindow> latencyWindows() {
      return windows;
    }

    @Override
    public boolean healthy() {
      return true;
    }
  }

  private AggregatePeriods periods(AdminComponent component) {
    return new AggregatePeriods(component, new ProcessMetrics(dataDir, "9.9", clock), HOUR);
  }

  @Test
  void eachLineCountsTheErrorsAndPercentilesOfItsOwnPeriodOnly() {
    Routes routes = new Routes(true, "register", "bundle");
    AggregatePeriods periods = periods(routes);
    for (int i = 0; i < 97; i++) {
      routes.answer("register", 201, 4);
    }
    routes.answer("register", 409, 9);
    routes.answer("register", 507, 20);
    routes.answer("register", 429, 20);
    List<String> first = periods.next();
    assertThat(first.get(0)).as("the architecture's line: errors in the last hour and the period's percentiles")
        .isEqualTo("register: 100 requests, 3 errors (4xx 2, 5xx 1) in last hour, p50 4.0 ms, p95 4.0 ms, "
            + "p99 20 ms");
    assertThat(first).as("a route without requests in the period has no line").noneMatch(l -> l.startsWith("bundle"));

    clock.advance(HOUR);
    routes.answer("register", 201, 12);
    routes.answer("bundle", 404, 3);
    List<String> second = periods.next();
    assertThat(second.get(0)).as("the second period counts from the first report on, not since start")
        .isEqualTo("register: 1 request, 0 errors (4xx 0, 5xx 0) in last hour, p50 12 ms, p95 12 ms, p99 12 ms");
    assertThat(second.get(1)).isEqualTo("bundle: 1 request, 1 error (4xx 1, 5xx 0) in last hour, p50 3.0 ms, "
        + "p95 3.0 ms, p99 3.0 ms");
  }

  @Test
  void aQuietPeriodSaysSoAndTheProcessLineAlwaysFollows() {
    AggregatePeriods periods = periods(new Routes(true, "register"));
    List<String> lines = periods.next();
    assertThat(lines.get(0)).isEqualTo("identity: no requests in last hour");
    assertThat(lines.get(1)).as("disk and memory, every period")
        .matches("identity process: data dir \\d+ B, disk [0-9.]+ [KMGT]iB free of [0-9.]+ [KMGT]iB, "
            + "heap [0-9.]+ [KMG]iB used of ([0-9.]+ [KMGT]iB|no limit)");
  }

  @Test
  void componentsWithoutHttpStatusesReportRequestsWithoutAnErrorCount() {
    Routes types = new Routes(false, "FIND_NODE");
    types.answer("FIND_NODE", 200, 2);
    assertThat(periods(types).next().get(0)).as("a Kademlia type has no status class")
        .isEqualTo("FIND_NODE: 1 request in last hour, p50 2.0 ms, p95 2.0 ms, p99 2.0 ms");
  }

  @Test
  void theSpanIsSaidInTheLargestWholeUnit() {
    assertThat(AggregateLines.span(Duration.ofHours(1))).isEqualTo("hour");
    assertThat(AggregateLines.span(Duration.ofHours(2))).isEqualTo("2 hours");
    assertThat(AggregateLines.span(Duration.ofMinutes(10))).isEqualTo("10 minutes");
    assertThat(AggregateLines.span(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(AggregateLines.span(Duration.ofSeconds(1))).isEqualTo("second");
  }

  @Test
  void anIntervalOutsideOneSecondToOneDayIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AggregateReporter.checkInterval(Duration.ofMillis(500)))
        .as("shorter than a second would flood the journal").isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the aggregate log interval must be from 1 second to 1 day, not 0 s");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AggregateReporter.checkInterval(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIntervalSettingIsSecondsMinutesOrHoursUpToOneDay() {
    assertThat(AggregateReporter.parseInterval("1h")).isEqualTo(HOUR);
    assertThat(AggregateReporter.parseInterval(" 10m ")).isEqualTo(Duration.ofMinutes(10));
    assertThat(AggregateReporter.parseInterval("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(AggregateReporter.parseInterval("45")).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(45));
    for (String bad : new String[] {"0s", "25h", "-1m", "hourly", "1.5h", ""}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AggregateReporter.parseInterval(bad))
          .as("'%s' is refused with the setting's name", bad).hasMessage(
              "aggregate-log-interval: expected a duration from 1s to 24h, such as 30s, 10m or 1h");
    }
  }
}
