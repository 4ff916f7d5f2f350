package io.rvnt.console.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Direct;
import io.rvnt.console.Fakes;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.dht.DhtReport;
import io.rvnt.operator.dht.DnsaddrCheck;
import io.rvnt.operator.dht.DnsaddrReport;
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
  private static final String PEER_A = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
  private static final DnsaddrCheck NO_DNS = (domain, server, running) -> {
    throw new AssertionError("no DNS check in this test");
  };
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
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty(), NO_DNS);
    model.show(List.of());
    assertThat(model.rows()).isEmpty();
    assertThat(model.alerts()).contains(DhtViewModel.NO_BOOTSTRAP);
  }

  @Test
  void listsBootstrapNodesWithTheirPeerIdsBeforeAnyProbe() {
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty(), NO_DNS);
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
    }), NO_DNS);
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
  void showsTheZoneLinesOfTheRunningNodesForTheDomainWithTheirWarnings() {
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty(), NO_DNS);
    model.show(List.of(bootstrap("bootstrap-1", PEER_A)));
    assertThat(model.zoneTextProperty().get()).as("no lines before a domain is entered").isEmpty();
    model.domainProperty().set("Boot.rvnt.test");
    assertThat(model.zoneTextProperty().get()).isEqualTo(
        "_dnsaddr.boot.rvnt.test. 300 IN TXT \"dnsaddr=/ip4/127.0.0.1/tcp/4001/p2p/" + PEER_A + "\"");
    assertThat(model.dnsNotes()).as("a loopback address is for a test zone only").containsExactly(
        "warning: /ip4/127.0.0.1/tcp/4001/p2p/" + PEER_A
            + " is a loopback address: only this machine reaches it (a test zone only)");
    model.domainProperty().set("bad..domain");
    assertThat(model.zoneTextProperty().get()).isEmpty();
    assertThat(model.dnsNotes()).singleElement().asString().contains("not a DNS name");
  }

  @Test
  void checksWhatDnsServesAgainstTheRunningNodes() {
    List<List<Object>> asked = new ArrayList<>();
    String stray = "/ip4/127.0.0.1/tcp/9/p2p/" + PEER_A;
    DnsaddrCheck dns = (domain, server, running) -> {
      asked.add(List.of(domain, server, running));
      return new DnsaddrReport(domain, List.of(stray), running, List.of(stray));
    };
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty(), dns);
    model.show(List.of(bootstrap("bootstrap-1", PEER_A)));
    model.checkDns();
    assertThat(model.work().errorProperty().get()).as("a domain is needed first")
        .isEqualTo("Enter the domain whose dnsaddr records to check.");
    model.domainProperty().set("boot.rvnt.test");
    model.dnsServerProperty().set(" 127.0.0.1:5353 ");
    model.checkDns();
    assertThat(asked).as("the domain, the server and the running nodes' addresses").containsExactly(
        List.of("boot.rvnt.test", Optional.of("127.0.0.1:5353"), List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER_A)));
    assertThat(model.dnsNotes()).as("what DNS lacks and what it serves in excess").endsWith(
        "not in DNS: /ip4/127.0.0.1/tcp/4001/p2p/" + PEER_A, "in DNS, but no running node has it: " + stray);
  }

  @Test
  void aFailedDnsCheckIsShownAsTheWorkError() {
    DnsaddrCheck dns = (domain, server, running) -> {
      throw new OperatorException(OperatorException.Reason.DNS, "dnsaddr records loop: a.test -> b.test -> a.test");
    };
    DhtViewModel model = new DhtViewModel(new BackgroundWork(Runnable::run, new Direct()), Optional.empty(), dns);
    model.show(List.of(bootstrap("bootstrap-1", PEER_A)));
    model.domainProperty().set("a.test");
    model.checkDns();
    assertThat(model.work().errorProperty().get()).contains("dnsaddr records loop: a.test -> b.test -> a.test");
  }

  @Test
  void readsThePeerIdAtTheEndOfAMultiaddr() {
    assertThat(DhtViewModel.peerId("/ip4/1.2.3.4/udp/1/quic-v1/p2p/12D3KooWX")).contains("12D3KooWX");
    assertThat(DhtViewModel.peerId("/ip4/1.2.3.4/tcp/1")).isEmpty();
  }
}
