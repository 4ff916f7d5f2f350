package io.rvnt.console.dht;

import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.dht.DhtProbe;
import io.rvnt.operator.dht.DhtReport;
import io.rvnt.operator.dht.NodeHealth;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The DHT health screen: the bootstrap nodes with PeerId and addresses, and what the DHT health probe finds:
 * reachability over TCP and QUIC, latency, connected peers, routing-table size and per-bucket occupancy, whether
 * they know each other and whether random lookups converge. Anything failing becomes an alert.
 */
public final class DhtViewModel {
  static final String NO_BOOTSTRAP = "This sandbox runs no bootstrap node: this build has no bootstrap command yet.";
  static final String NO_PROBE = "This build has no DHT health probe yet: PeerIds and addresses only.";

  private final BackgroundWork work;
  private final Optional<DhtProbe> probe;
  private final ObservableList<BootstrapRow> rows = FXCollections.observableArrayList();
  // One wrapper per list, kept: a wrapper made per call is collected with the view's listener on it.
  private final ObservableList<BootstrapRow> rowsReadOnly =
      FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<String> alerts = FXCollections.observableArrayList();
  private final ObservableList<String> alertsReadOnly =
      FXCollections.unmodifiableObservableList(alerts);
  private final ObservableList<Integer> buckets = FXCollections.observableArrayList();
  private final ObservableList<Integer> bucketsReadOnly =
      FXCollections.unmodifiableObservableList(buckets);
  private final StringProperty selected = new SimpleStringProperty("");
  private List<Observation> lastRound = List.of();
  private Optional<DhtReport> report = Optional.empty();

  public DhtViewModel(BackgroundWork work, Optional<DhtProbe> probe) {
    this.work = work;
    this.probe = probe;
    selected.addListener((obs, old, now) -> redraw());
  }

  /** Probes the running bootstrap nodes, off the FX thread. */
  public void runProbe() {
    List<String> addresses = runningBootstrapAddresses();
    if (probe.isEmpty()) {
      work.fail(NO_PROBE);
      return;
    }
    if (addresses.isEmpty()) {
      work.fail("No bootstrap node is running: start the sandbox first.");
      return;
    }
    work.start("Probing the DHT", progress -> probe.get().probe(addresses), result -> {
      report = Optional.of(result);
      redraw();
    });
  }

  public void cancel() {
    work.cancel();
  }

  public void show(List<Observation> round) {
    lastRound = List.copyOf(round);
    redraw();
  }

  private void redraw() {
    List<BootstrapRow> updated = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Observation> bootstraps = lastRound.stream().filter(o -> o.status().role() == Role.BOOTSTRAP).toList();
    if (bootstraps.isEmpty()) {
      problems.add(NO_BOOTSTRAP);
    }
    for (Observation observation : bootstraps) {
      List<String> addresses = p2pAddresses(observation);
      String peerId = addresses.stream().map(DhtViewModel::peerId).flatMap(Optional::stream).findFirst().orElse("—");
      Optional<NodeHealth> health = report.flatMap(r -> r.nodes().stream()
          .filter(n -> n.peerId().equals(peerId)).findFirst());
      updated.add(health.map(h -> row(observation.status().name(), h, report.get()))
          .orElse(new BootstrapRow(observation.status().name(), peerId, String.join(" ", addresses),
              "—", "—", "—", "—", "—", "—")));
      if (observation.status().state() != InstanceState.RUNNING) {
        problems.add(observation.status().name() + " is " + observation.status().state().name().toLowerCase());
      }
    }
    if (!bootstraps.isEmpty() && probe.isEmpty()) {
      problems.add(NO_PROBE);
    }
    report.ifPresent(r -> problems.addAll(r.alerts()));
    if (!updated.equals(rows)) {
      rows.setAll(updated);
    }
    if (!problems.equals(alerts)) {
      alerts.setAll(problems);
    }
    List<Integer> occupancy = report.flatMap(r -> r.nodes().stream()
        .filter(n -> rows.stream().anyMatch(row -> row.name().equals(selected.get()) && row.peerId().equals(n.peerId())))
        .findFirst()).map(NodeHealth::bucketOccupancy).orElse(List.of());
    if (!occupancy.equals(buckets)) {
      buckets.setAll(occupancy);
    }
  }

  private static BootstrapRow row(String name, NodeHealth node, DhtReport report) {
    long others = report.nodes().stream().filter(n -> n != node).count();
    long known = report.nodes().stream().filter(n -> n != node && node.knownPeers().contains(n.peerId())).count();
    return new BootstrapRow(name, node.peerId(), String.join(" ", node.addresses()), yesNo(node.tcpReachable()),
        yesNo(node.quicReachable()),
        node.latencyMs().isPresent() ? String.format(java.util.Locale.ROOT, "%.1f ms", node.latencyMs().getAsDouble())
            : "—",
        Integer.toString(node.connectedPeers()), Integer.toString(node.routingTableSize()),
        known + " of " + others);
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "NO";
  }

  private List<String> runningBootstrapAddresses() {
    return lastRound.stream()
        .filter(o -> o.status().role() == Role.BOOTSTRAP && o.status().state() == InstanceState.RUNNING)
        .flatMap(o -> p2pAddresses(o).stream()).toList();
  }

  private static List<String> p2pAddresses(Observation observation) {
    return observation.status().endpoints().stream().filter(e -> e.label().equals("p2p"))
        .map(Endpoint::address).toList();
  }

  /** The PeerId at the end of a multiaddr ({@code .../p2p/PEERID}). */
  static Optional<String> peerId(String multiaddr) {
    int at = multiaddr.lastIndexOf("/p2p/");
    return at < 0 ? Optional.empty() : Optional.of(multiaddr.substring(at + 5));
  }

  public ObservableList<BootstrapRow> rows() {
    return rowsReadOnly;
  }

  public ObservableList<String> alerts() {
    return alertsReadOnly;
  }

  public ObservableList<Integer> buckets() {
    return bucketsReadOnly;
  }

  public StringProperty selectedProperty() {
    return selected;
  }

  public BackgroundWork work() {
    return work;
  }
}
