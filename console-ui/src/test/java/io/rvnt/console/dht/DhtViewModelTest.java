package io.rvnt.console.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Direct;
import io.rvnt.console.Fakes;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.dht.DhtReport;
import io.rvnt.operator.dht.NodeHealth;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsHistory;
import io.rvnt.operator.metrics.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DhtViewModelTest {
  private static Observation bootstrap(String name, String peerId) {
    return Fakes.observation(Fakes.status(name, Role.BOOTSTRAP, InstanceState.RUNNING,
        List.of(new Endpoint("p2p", "/ip4/127.0.0.1/tcp/4001/p2p/" + peerId), new Endpoint("admin", "http://x")),
        List.of()), Health.HEALTHY, new MetricsHistory(5));
  }

  private static NodeHealth node(String peerId, Set<String> knows) {
    return new NodeHealth(peerId, List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + peerId), true, true,
        OptionalDouble.of(0.8), 2, 2, List.of(0, 0, 2), knows);
  }

  @Test
  void saysWhenTheSandboxHasNoBootstrapNode() {
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty());
    model.show(List.of());
    assertThat(model.rows()).isEmpty();
    assertThat(model.alerts()).contains(DhtViewModel.NO_BOOTSTRAP);
  }

  @Test
  void listsBootstrapNodesWithTheirPeerIdsBeforeAnyProbe() {
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty());
    model.show(List.of(bootstrap("bootstrap-1", "12D3KooWA")));
    assertThat(model.rows()).extracting(BootstrapRow::peerId).containsExactly("12D3KooWA");
    model.runProbe();
    assertThat(model.work().errorProperty().get()).as("no probe in this build, said plainly")
        .isEqualTo(DhtViewModel.NO_PROBE);
  }

  @Test
  void showsProbeResultsBucketsAndAlerts() {
    List<List<String>> probed = new ArrayList<>();
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.of(addrs -> {
      probed.add(addrs);
      return new DhtReport(List.of(node("A", Set.of("B")), node("B", Set.of())), true);
    }));
    model.show(List.of(bootstrap("bootstrap-1", "A"), bootstrap("bootstrap-2", "B")));
    model.runProbe();
    assertThat(probed).as("the running nodes' announced addresses").containsExactly(
        List.of("/ip4/127.0.0.1/tcp/4001/p2p/A", "/ip4/127.0.0.1/tcp/4001/p2p/B"));
    assertThat(model.rows().get(0)).isEqualTo(new BootstrapRow("bootstrap-1", "A", "/ip4/127.0.0.1/tcp/4001/p2p/A",
        "yes", "yes", "0.8 ms", "2", "2", "1 of 1"));
    assertThat(model.alerts()).as("B does not know A").containsExactly("B does not know A");
    model.selectedProperty().set("bootstrap-1");
    assertThat(model.buckets()).as("per-bucket occupancy of the selected node").containsExactly(0, 0, 2);
  }

  @Test
  void readsThePeerIdAtTheEndOfAMultiaddr() {
    assertThat(DhtViewModel.peerId("/ip4/1.2.3.4/udp/1/quic-v1/p2p/12D3KooWX")).contains("12D3KooWX");
    assertThat(DhtViewModel.peerId("/ip4/1.2.3.4/tcp/1")).isEmpty();
  }
}
