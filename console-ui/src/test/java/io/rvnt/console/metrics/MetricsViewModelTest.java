package io.rvnt.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Direct;
import io.rvnt.console.Fakes;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsHistory;
import io.rvnt.operator.metrics.Observation;
import io.rvnt.operator.traffic.TrafficProgress;
import io.rvnt.operator.metrics.EndpointSample;
import io.rvnt.operator.metrics.MetricsSample;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsViewModelTest {
  private final List<URI> trafficTargets = new ArrayList<>();
  private final MetricsViewModel model = new MetricsViewModel(new BackgroundWork(Runnable::run, new Direct()),
      (api, dht, rounds, progress) -> {
        trafficTargets.add(api);
        TrafficProgress done = new TrafficProgress(rounds, rounds, rounds, 2 * rounds, rounds, 0, "");
        progress.accept(done);
        return done;
      });

  private static Observation identity(InstanceState state, MetricsHistory history) {
    return Fakes.observation(Fakes.status("identity", Role.IDENTITY, state,
        List.of(new Endpoint("api", "http://127.0.0.1:7001"), new Endpoint("admin", "http://127.0.0.1:7002")),
        List.of()), Health.HEALTHY, history);
  }

  @Test
  void chartsLatencyAndRateOfTheSelectedEndpointOverTime() {
    MetricsHistory history = new MetricsHistory(10);
    history.add(Fakes.sample(100, 0, 0));
    history.add(Fakes.sample(102, 10, 4));
    history.add(Fakes.sample(104, 30, 6));
    model.show(List.of(identity(InstanceState.RUNNING, history)));

    assertThat(model.selectedInstanceProperty().get()).as("the first instance is shown").isEqualTo("identity");
    assertThat(model.endpoints()).containsExactly("bundle", "register");
    assertThat(model.selectedEndpointProperty().get()).as("registrations first: they carry proof of work")
        .isEqualTo("register");
    assertThat(model.latency()).as("one point per sample, seconds from the first").containsExactly(
        new LatencyPoint(0, 0, 0, 0, 0), new LatencyPoint(2, 4, 8, 12, 5), new LatencyPoint(4, 6, 12, 18, 10));
    EndpointRow register = model.endpointRows().stream().filter(r -> r.endpoint().equals("register")).findFirst()
        .orElseThrow();
    assertThat(register).as("latest counters, rate and quantiles")
        .isEqualTo(new EndpointRow("register", 10, 30, 2, 1, 0, 6, 12, 18));
    assertThat(model.resourcesProperty().get()).as("disk and JVM memory")
        .contains("data 1.0 KiB", "free 2.0 GiB of 4.0 GiB", "JVM heap: 50.0 MiB of 256.0 MiB");

    model.selectedEndpointProperty().set("bundle");
    assertThat(model.latency()).extracting(LatencyPoint::ratePerSecond).containsExactly(0.0, 10.0, 20.0);
  }

  @Test
  void runsSyntheticTrafficAgainstTheRunningIdentityServer() {
    model.show(List.of(identity(InstanceState.RUNNING, new MetricsHistory(5))));
    model.runTraffic(3);
    assertThat(trafficTargets).containsExactly(URI.create("http://127.0.0.1:7001"));
    assertThat(model.work().errorProperty().get()).isEmpty();
  }

  @Test
  void refusesTrafficWhenNoIdentityServerRuns() {
    model.show(List.of(identity(InstanceState.STOPPED, new MetricsHistory(5))));
    model.runTraffic(3);
    assertThat(trafficTargets).isEmpty();
    assertThat(model.work().errorProperty().get()).contains("start the sandbox");
  }

  @Test
  void aRelayShowsItsRequestTypesAndWhatItHolds() {
    MetricsHistory history = new MetricsHistory(5);
    history.add(new MetricsSample("relay", "0.1.0", Duration.ofSeconds(10), Instant.ofEpochSecond(10),
        List.of(new EndpointSample("deposit", 40, 0, 0, 0, 2, 4, 6), new EndpointSample("collect", 5, 0, 0, 0, 1, 2,
            3)), 4096, 2L << 30, 4L << 30, 50L << 20, 256L << 20, 2,
        Map.of("envelopes_held", 12.0, "bytes_held", 12.0 * 4096, "mailboxes", 3.0),
        Map.of("deposits", 40L, "collections", 5L, "acknowledged", 28L, "expired", 0L, "refused_quota_exceeded", 2L,
            "refused_rate_limited", 1L)));
    model.show(List.of(Fakes.observation(Fakes.status("relay-1", Role.RELAY, InstanceState.RUNNING,
        List.of(new Endpoint("p2p", "/ip4/127.0.0.1/tcp/4002/p2p/12D3KooW"), new Endpoint("admin",
            "http://127.0.0.1:4012")), List.of()), Health.HEALTHY, history)));

    assertThat(model.endpoints()).as("the relay's request types, as its admin listener names them")
        .containsExactly("collect", "deposit");
    assertThat(model.resourcesProperty().get()).as("what it holds and did, aggregates only")
        .contains("JVM heap")
        .contains("Relay: 12 envelopes held (48.0 KiB) in 3 mailboxes")
        .contains("40 deposits, 5 collections, 28 acknowledged, 0 expired, 3 refused");
  }

  @Test
  void saysItSeesNoUsers() {
    assertThat(MetricsViewModel.AGGREGATES_ONLY).contains("no way to see users");
  }
}
