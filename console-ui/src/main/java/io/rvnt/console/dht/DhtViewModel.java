package io.rvnt.console.dht;

import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.dht.DhtHealthCheck;
import io.rvnt.operator.dht.DhtReport;
import io.rvnt.operator.dht.DnsaddrCheck;
import io.rvnt.operator.dht.DnsaddrReport;
import io.rvnt.operator.dht.DnsaddrZone;
import io.rvnt.operator.dht.NodeHealth;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The DHT health screen: the bootstrap nodes with PeerId and addresses, and what the DHT health probe finds:
 * reachability over TCP and QUIC, latency, whether they know each other and whether random lookups converge; and
 * from each node's own aggregate metrics, connected peers, routing-table size and per-bucket occupancy. Anything
 * failing becomes an alert. For a domain, the dnsaddr zone lines that publish the running nodes, and on demand a
 * check that what a DNS server serves under that domain is exactly their addresses.
 */
public final class DhtViewModel {
  static final String NO_BOOTSTRAP = "This sandbox runs no bootstrap node: this build has no bootstrap command yet.";
  /** Gauges of the bootstrap node's metrics snapshot (bootstrap/BootstrapMetrics). */
  static final String ROUTING_TABLE_PEERS = "routing_table_peers";
  static final String BUCKET_PREFIX = "routing_table_bucket_";
  static final String NO_PROBE = "This build has no DHT health probe yet: PeerIds and addresses only.";

  private final BackgroundWork work;
  private final Optional<DhtHealthCheck> probe;
  private final DnsaddrCheck dnsCheck;
  private final ObservableList<BootstrapRow> rows = FXCollections.observableArrayList();
  // One wrapper per list, kept: a wrapper made per call is collected with the view's listener on it.
  private final ObservableList<BootstrapRow> rowsReadOnly =
      FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<String> alerts = FXCollections.observableArrayList();
  private final ObservableList<String> alertsReadOnly =
      FXCollections.unmodifiableObservableList(alerts);
  private final ObservableList<BucketCount> buckets = FXCollections.observableArrayList();
  private final ObservableList<BucketCount> bucketsReadOnly =
      FXCollections.unmodifiableObservableList(buckets);
  private final StringProperty selected = new SimpleStringProperty("");
  private final StringProperty domain = new SimpleStringProperty("");
  private final StringProperty dnsServer = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper zoneText = new ReadOnlyStringWrapper("");
  private final ObservableList<String> dnsNotes = FXCollections.observableArrayList();
  private final ObservableList<String> dnsNotesReadOnly = FXCollections.unmodifiableObservableList(dnsNotes);
  private List<Observation> lastRound = List.of();
  private Optional<DhtReport> report = Optional.empty();
  private Optional<DnsaddrReport> dnsReport = Optional.empty();

  public DhtViewModel(BackgroundWork work, Optional<DhtHealthCheck> probe, DnsaddrCheck dnsCheck) {
    this.work = work;
    this.probe = probe;
    this.dnsCheck = dnsCheck;
    selected.addListener((obs, old, now) -> redraw());
    domain.addListener((obs, old, now) -> redrawDns());
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

  /** Asks the DNS server given (the system's when blank) what it serves under the domain, off the FX thread. */
  public void checkDns() {
    List<String> addresses = runningBootstrapAddresses();
    String name = domain.get().strip();
    if (name.isEmpty()) {
      work.fail("Enter the domain whose dnsaddr records to check.");
      return;
    }
    if (addresses.isEmpty()) {
      work.fail("No bootstrap node is running: start the sandbox first.");
      return;
    }
    Optional<String> server = Optional.of(dnsServer.get().strip()).filter(s -> !s.isEmpty());
    work.start("Checking DNS", progress -> dnsCheck.check(name, server, addresses), result -> {
      dnsReport = Optional.of(result);
      redrawDns();
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
      String peers = observation.latest().map(m -> Long.toString(m.openConnections())).orElse("—");
      String table = observation.latest().map(m -> m.gauges().get(ROUTING_TABLE_PEERS))
          .map(v -> Long.toString(Math.round(v))).orElse("—");
      updated.add(new BootstrapRow(observation.status().name(), peerId, String.join(" ", addresses),
          health.map(h -> yesNo(h.tcpReachable())).orElse("—"),
          health.map(h -> yesNo(h.quicReachable())).orElse("—"),
          health.filter(h -> h.latencyMs().isPresent())
              .map(h -> String.format(Locale.ROOT, "%.1f ms", h.latencyMs().getAsDouble())).orElse("—"),
          peers, table,
          health.map(h -> yesNo(h.knowsOthers())).orElse("—"),
          health.map(h -> yesNo(h.lookupsConverge())).orElse("—")));
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
    List<BucketCount> occupancy = bootstraps.stream()
        .filter(o -> o.status().name().equals(selected.get()) || selected.get().isEmpty()).findFirst()
        .flatMap(Observation::latest).map(m -> buckets(m.gauges())).orElse(List.of());
    if (!occupancy.equals(buckets)) {
      buckets.setAll(occupancy);
    }
    redrawDns();
  }

  /** The zone lines for the domain and the running nodes, their warnings, and the last check of that domain. */
  private void redrawDns() {
    String name = domain.get().strip();
    List<String> addresses = runningBootstrapAddresses();
    List<String> notes = new ArrayList<>();
    String lines = "";
    if (!name.isEmpty() && !addresses.isEmpty()) {
      try {
        DnsaddrZone.Lines zone = DnsaddrZone.of(name, addresses, DnsaddrZone.DEFAULT_TTL);
        lines = String.join("\n", zone.lines());
        zone.warnings().forEach(w -> notes.add("warning: " + w));
      } catch (OperatorException e) {
        notes.add(e.getMessage());
      }
    }
    dnsReport.filter(r -> r.domain().equals(name)).ifPresent(r -> notes.addAll(r.lines()));
    zoneText.set(lines);
    if (!notes.equals(dnsNotes)) {
      dnsNotes.setAll(notes);
    }
  }

  /** The non-empty k-buckets from the node's gauges {@code routing_table_bucket_<i>}, by index. */
  static List<BucketCount> buckets(Map<String, Double> gauges) {
    List<BucketCount> counts = new ArrayList<>();
    gauges.forEach((name, value) -> {
      if (name.startsWith(BUCKET_PREFIX)) {
        try {
          counts.add(new BucketCount(Integer.parseInt(name.substring(BUCKET_PREFIX.length())),
              (int) Math.round(value)));
        } catch (NumberFormatException e) {
          // Not a bucket gauge after all; skip it.
        }
      }
    });
    counts.sort(java.util.Comparator.comparingInt(BucketCount::bucket));
    return counts;
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

  public ObservableList<BucketCount> buckets() {
    return bucketsReadOnly;
  }

  public StringProperty selectedProperty() {
    return selected;
  }

  /** The domain the nodes are published under, as clients get it in /dnsaddr/DOMAIN. */
  public StringProperty domainProperty() {
    return domain;
  }

  /** HOST[:PORT] of the DNS server the check asks; blank for the system's. */
  public StringProperty dnsServerProperty() {
    return dnsServer;
  }

  /** The zone-file lines publishing the running nodes under the domain; empty without a domain or nodes. */
  public ReadOnlyStringProperty zoneTextProperty() {
    return zoneText.getReadOnlyProperty();
  }

  /** Warnings about the published addresses, and what the last DNS check of this domain found. */
  public ObservableList<String> dnsNotes() {
    return dnsNotesReadOnly;
  }

  public BackgroundWork work() {
    return work;
  }
}
