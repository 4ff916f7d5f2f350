package io.rvnt.console.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Direct;
import io.rvnt.console.Fakes;
import io.rvnt.console.Fakes.FakeInstance;
import io.rvnt.console.session.SandboxControl;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InstancesViewModelTest {
  private final FakeInstance identity = new FakeInstance("identity", Role.IDENTITY);
  private final FakeInstance bootstrap = new FakeInstance("bootstrap-1", Role.BOOTSTRAP);
  private final List<String> events = new ArrayList<>();
  private String startFailure;
  private final SandboxControl sandbox = new SandboxControl() {
    @Override
    public List<Instance> instances() {
      return List.of(identity, bootstrap);
    }

    @Override
    public void start(Consumer<String> progress, BooleanSupplier cancelled) throws OperatorException {
      if (startFailure != null) {
        throw new OperatorException(OperatorException.Reason.START_FAILED, startFailure);
      }
      for (Instance instance : instances()) {
        progress.accept(instance.name());
        instance.start(cancelled);
      }
      events.add("started");
    }

    @Override
    public void stop() {
      instances().forEach(Instance::stop);
      events.add("stopped");
    }

    @Override
    public Path root() {
      return Path.of("/tmp");
    }
  };
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1000 + 125), ZoneOffset.UTC);
  private final InstancesViewModel model =
      new InstancesViewModel(sandbox, new BackgroundWork(Runnable::run, new Direct()), () -> events.add("poll"), clock);

  @Test
  void startSandboxStartsEveryInstanceOffTheCallerAndAsksForAPoll() {
    model.startSandbox();
    assertThat(identity.starts).isEqualTo(1);
    assertThat(bootstrap.starts).isEqualTo(1);
    assertThat(events).as("started, then the screens are refreshed").contains("started", "poll");
    assertThat(model.sandboxRunningProperty().get()).isTrue();
    assertThat(model.work().messageProperty().get()).isEqualTo("Starting the sandbox: done");
  }

  @Test
  void aFailedStartShowsItsReasonInOneLine() {
    startFailure = "identity exited with status 1 before listening";
    model.startSandbox();
    assertThat(model.work().errorProperty().get()).isEqualTo("identity exited with status 1 before listening");
    assertThat(model.sandboxRunningProperty().get()).isFalse();
  }

  @Test
  void showsOneRowPerInstanceWithHealthUptimeVersionAndEndpoints() {
    MetricsHistory history = new MetricsHistory(5);
    history.add(Fakes.sample(10, 1, 1));
    model.show(List.of(
        Fakes.observation(Fakes.status("identity", Role.IDENTITY, InstanceState.RUNNING,
            List.of(new Endpoint("api", "http://127.0.0.1:1"), new Endpoint("admin", "http://127.0.0.1:2")),
            List.of("WARN slow")), Health.HEALTHY, history),
        Fakes.observation(Fakes.status("bootstrap-1", Role.BOOTSTRAP, InstanceState.FAILED, List.of(), List.of()),
            Health.UNKNOWN, new MetricsHistory(5)),
        Fakes.observation(Fakes.status("relay-1", Role.RELAY, InstanceState.RUNNING,
            List.of(new Endpoint("p2p", "/ip4/127.0.0.1/tcp/3/p2p/12D3KooW"), new Endpoint("admin",
                "http://127.0.0.1:4")), List.of()), Health.HEALTHY, history)));
    InstanceRow relay = model.rows().get(2);
    assertThat(relay.role()).as("a relay is an instance like the others, by its role").isEqualTo("relay");
    assertThat(relay.healthy()).isTrue();
    assertThat(relay.endpoints()).as("its libp2p address and admin listener")
        .isEqualTo("p2p /ip4/127.0.0.1/tcp/3/p2p/12D3KooW  admin http://127.0.0.1:4");
    InstanceRow row = model.rows().get(0);
    assertThat(row.healthy()).as("running and answering /health").isTrue();
    assertThat(row.uptime()).as("from the start time to the clock").isEqualTo("2 min 5 s");
    assertThat(row.version()).isEqualTo("0.1.0");
    assertThat(row.endpoints()).isEqualTo("api http://127.0.0.1:1  admin http://127.0.0.1:2");
    assertThat(model.rows().get(1).healthy()).as("a failed instance is not healthy").isFalse();
    assertThat(model.healthyCountProperty().get()).as("identity and relay-1").isEqualTo(2);

    model.selectedProperty().set("identity");
    assertThat(model.selectedWarnings()).as("the selected instance's warnings").containsExactly("WARN slow");
    model.selectedProperty().set("bootstrap-1");
    assertThat(model.selectedWarnings()).isEmpty();
  }

  @Test
  void showsEachClusterMembersRoleAndLagFromItsOwnAnswer() {
    MetricsHistory killed = new MetricsHistory(3);
    killed.add(Fakes.member(true, 2, 0));
    model.show(List.of(
        Fakes.observation(Fakes.status("identity-active", Role.IDENTITY, InstanceState.FAILED, List.of(), List.of()),
            Health.UNKNOWN, killed),
        Fakes.member("identity-passive", Fakes.member(true, 3, 0)),
        Fakes.member("identity-witness", Fakes.member(false, 3, 4)),
        Fakes.observation(Fakes.status("relay-1", Role.RELAY, InstanceState.RUNNING, List.of(), List.of()),
            Health.HEALTHY, new MetricsHistory(3))));
    assertThat(model.rows()).extracting(InstanceRow::name, InstanceRow::cluster, InstanceRow::lag)
        .as("leader and witness from the gauges; a dead member's last sample is no role; a relay is no member")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("identity-active", "—", "—"),
            org.assertj.core.groups.Tuple.tuple("identity-passive", "leader", "0"),
            org.assertj.core.groups.Tuple.tuple("identity-witness", "witness", "4"),
            org.assertj.core.groups.Tuple.tuple("relay-1", "", ""));

    model.show(List.of(Fakes.member("identity-active", Fakes.member(false, 3, 1))));
    assertThat(model.rows().get(0).cluster()).as("back, following the new leader").isEqualTo("follower");
    assertThat(model.rows().get(0).lag()).isEqualTo("1");
  }

  @Test
  void actsOnTheNamedInstanceOnly() {
    model.startInstance("bootstrap-1");
    model.restartInstance("bootstrap-1");
    model.stopInstance("bootstrap-1");
    assertThat(bootstrap.starts).isEqualTo(2);
    assertThat(bootstrap.stops).isEqualTo(2);
    assertThat(identity.starts + identity.stops).as("the other instance is untouched").isZero();
  }

  @Test
  void stopSandboxStopsEverything() {
    model.startSandbox();
    model.stopSandbox();
    assertThat(events).contains("stopped");
    assertThat(identity.state).isEqualTo(InstanceState.STOPPED);
    assertThat(model.sandboxRunningProperty().get()).isFalse();
  }

  @Test
  void formatsUptimeForPeople() {
    assertThat(InstancesViewModel.format(java.time.Duration.ofSeconds(59))).isEqualTo("59 s");
    assertThat(InstancesViewModel.format(java.time.Duration.ofSeconds(3600 * 2 + 60 * 3))).isEqualTo("2 h 3 min");
  }
}
