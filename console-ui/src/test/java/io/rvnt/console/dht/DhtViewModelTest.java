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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import io.rvnt.operator.metrics.MetricsSample;
import org.junit.jupiter.api.Test;

class DhtViewModelTest {
  private static Observation bootstrap(String name, String peerId) {
    MetricsHistory history = new MetricsHistory(5);
    history.add(new MetricsSample("bootstrap", "1", Duration.ofSeconds(1), Instant.ofEpochSecond(1), List.of(),
        0, 0, 0, 0, 0, 2, Map.of("routing_table_peers", 2.0, "routing_table_bucket_254", 1.0,
            "routing_table_bucket_250", 1.0, "records_stored", 0.0), Map.of()));
    return Fakes.observation(Fakes.status(name, Role.BOOTSTRAP, InstanceState.RUNNING,
        List.of(new Endpoint("p2p", "/ip4/127.0.0.1/tcp/4001/p2p/" + peerId), new Endpoint("admin", "http://x")),
        List.of()), Health.HEALTHY, history);
  }

  private static NodeHealth node(String peerId, boolean knows) {
    return new NodeHealth(peerId, List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + peerId), true, true,
        OptionalDouble.of(0.8), 2, knows, true);
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
      return new DhtReport(List.of(node("A", true), node("B", false)));
    }));
    model.show(List.of(bootstrap("bootstrap-1", "A"), bootstrap("bootstrap-2", "B")));
    model.runProbe();
    assertThat(probed).as("the running nodes' announced addresses").containsExactly(
        List.of("/ip4/127.0.0.1/tcp/4001/p2p/A", "/ip4/127.0.0.1/tcp/4001/p2p/B"));
    assertThat(model.rows().get(0)).isEqualTo(new BootstrapRow("bootstrap-1", "A", "/ip4/127.0.0.1/tcp/4001/p2p/A",
        "yes", "yes", "0.8 ms", "2", "2", "yes", "yes"));
    assertThat(model.alerts()).as("B does not know A")
        .containsExactly("B does not know every other bootstrap node");
    model.selectedProperty().set("bootstrap-1");
    assertThat(model.buckets()).as("per-bucket occupancy of the selected node, from its metrics")
        .containsExactly(new BucketCount(250, 1), new BucketCount(254, 1));
  }

  @Test
  void readsThePeerIdAtTheEndOfAMultiaddr() {
    assertThat(DhtViewModel.peerId("/ip4/1.2.3.4/udp/1/quic-v1/p2p/12D3KooWX")).contains("12D3KooWX");
    assertThat(DhtViewModel.peerId("/ip4/1.2.3.4/tcp/1")).isEmpty();
  }
}
