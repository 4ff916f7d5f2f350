package io.rvnt.console.metrics;

import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.EndpointSample;
import io.rvnt.operator.metrics.MetricsHistory;
import io.rvnt.operator.metrics.MetricsSample;
import io.rvnt.operator.metrics.Observation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Metrics screen: per instance and per endpoint, request rate, errors and p50/p95/p99 latency over time, disk
 * and JVM memory. Only what the admin listeners expose, which is aggregate by construction: the console has no way
 * to see users. Also the "synthetic traffic" action that gives the charts something to show.
 */
public final class MetricsViewModel {
  /** Shown on the screen, because operators should know what the console cannot see. */
  public static final String AGGREGATES_ONLY =
      "Aggregates from the admin listeners only: the console has no way to see users, requests or addresses.";
  /** Rounds of one "synthetic traffic" click: a few seconds of work in the sandbox. */
  public static final int DEFAULT_TRAFFIC_ROUNDS = 10;

  private final BackgroundWork work;
  private final TrafficRunner traffic;
  private final ObservableList<String> instances = FXCollections.observableArrayList();
  // One wrapper per list, kept: a wrapper made per call is collected with the view's listener on it.
  private final ObservableList<String> instancesReadOnly =
      FXCollections.unmodifiableObservableList(instances);
  private final StringProperty selectedInstance = new SimpleStringProperty("");
  private final ObservableList<String> endpoints = FXCollections.observableArrayList();
  private final ObservableList<String> endpointsReadOnly =
      FXCollections.unmodifiableObservableList(endpoints);
  private final StringProperty selectedEndpoint = new SimpleStringProperty("");
  private final ObservableList<EndpointRow> endpointRows = FXCollections.observableArrayList();
  private final ObservableList<EndpointRow> endpointRowsReadOnly =
      FXCollections.unmodifiableObservableList(endpointRows);
  private final ObservableList<LatencyPoint> latency = FXCollections.observableArrayList();
  private final ObservableList<LatencyPoint> latencyReadOnly =
      FXCollections.unmodifiableObservableList(latency);
  private final ReadOnlyStringWrapper resources = new ReadOnlyStringWrapper("No metrics yet: start the sandbox.");
  private List<Observation> lastRound = List.of();

  public MetricsViewModel(BackgroundWork work, TrafficRunner traffic) {
    this.work = work;
    this.traffic = traffic;
    selectedInstance.addListener((obs, old, now) -> redraw());
    selectedEndpoint.addListener((obs, old, now) -> redraw());
  }

  /** Runs synthetic traffic against the first running identity server. */
  public void runTraffic(int rounds) {
    Optional<URI> api = lastRound.stream()
        .filter(o -> o.status().role() == Role.IDENTITY && o.status().state() == InstanceState.RUNNING)
        .flatMap(o -> o.status().endpoint("api").stream()).findFirst().map(URI::create);
    if (api.isEmpty()) {
      work.fail("No identity server is running: start the sandbox first.");
      return;
    }
    List<String> dht = lastRound.stream()
        .filter(o -> o.status().role() == Role.BOOTSTRAP && o.status().state() == InstanceState.RUNNING)
        .flatMap(o -> o.status().endpoints().stream()).filter(e -> e.label().equals("p2p"))
        .map(io.rvnt.operator.instances.Endpoint::address).toList();
    work.start("Synthetic traffic", progress -> traffic.run(api.get(), dht, rounds, p -> progress.update(p.fraction(),
        "Round " + p.rounds() + " of " + p.totalRounds() + ": " + p.registrations() + " registrations, "
            + p.bundleFetches() + " bundle fetches, " + p.preKeyUploads() + " prekey uploads, " + p.errors()
            + " refused")), result -> { });
  }

  public void cancel() {
    work.cancel();
  }

  /** A poll round arrived. */
  public void show(List<Observation> round) {
    lastRound = List.copyOf(round);
    List<String> names = round.stream().map(o -> o.status().name()).toList();
    if (!names.equals(instances)) {
      instances.setAll(names);
    }
    if (!names.contains(selectedInstance.get()) && !names.isEmpty()) {
      selectedInstance.set(names.get(0));
    }
    redraw();
  }

  private void redraw() {
    Optional<Observation> observation = lastRound.stream()
        .filter(o -> o.status().name().equals(selectedInstance.get())).findFirst();
    if (observation.isEmpty()) {
      return;
    }
    MetricsHistory history = observation.get().history();
    List<MetricsSample> samples = history.samples();
    TreeSet<String> names = new TreeSet<>();
    samples.forEach(s -> s.endpoints().forEach(e -> names.add(e.endpoint())));
    List<String> endpointNames = List.copyOf(names);
    if (!endpointNames.equals(endpoints)) {
      endpoints.setAll(endpointNames);
    }
    if (!endpointNames.contains(selectedEndpoint.get()) && !endpointNames.isEmpty()) {
      selectedEndpoint.set(endpointNames.contains("register") ? "register" : endpointNames.get(0));
      return; // the listener redraws
    }
    Optional<MetricsSample> latest = history.latest();
    List<EndpointRow> table = new ArrayList<>();
    latest.ifPresent(sample -> sample.endpoints().forEach(e -> table.add(new EndpointRow(e.endpoint(),
        history.requestRate(e.endpoint()).orElse(0), e.requests(), e.errors4xx(), e.errors5xx(), e.rateLimited(),
        e.p50Ms(), e.p95Ms(), e.p99Ms()))));
    endpointRows.setAll(table);
    latency.setAll(points(samples, selectedEndpoint.get()));
    resources.set(latest.map(MetricsViewModel::describe)
        .orElse(observation.get().error().orElse("No metrics yet from " + selectedInstance.get() + ".")));
  }

  static List<LatencyPoint> points(List<MetricsSample> samples, String endpoint) {
    List<LatencyPoint> points = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      MetricsSample sample = samples.get(i);
      Optional<EndpointSample> stats = sample.endpoint(endpoint);
      if (stats.isEmpty()) {
        continue;
      }
      double seconds = Duration.between(samples.get(0).takenAt(), sample.takenAt()).toMillis() / 1000.0;
      double rate = i == 0 ? 0 : MetricsHistory.rate(samples.get(i - 1), sample, endpoint).orElse(0);
      EndpointSample e = stats.get();
      points.add(new LatencyPoint(seconds, e.p50Ms(), e.p95Ms(), e.p99Ms(), rate));
    }
    return points;
  }

  static String describe(MetricsSample sample) {
    String process = "Disk: data " + bytes(sample.dataDirBytes()) + ", free " + bytes(sample.diskFreeBytes()) + " of "
        + bytes(sample.diskTotalBytes()) + "   ·   JVM heap: " + bytes(sample.heapUsedBytes()) + " of "
        + bytes(sample.heapMaxBytes()) + "   ·   open connections: " + sample.openConnections();
    return sample.role().equals(Role.RELAY.label()) ? process + "\n" + describeRelay(sample) : process;
  }

  /** A relay's own figures (docs/admin.md, rvnt_relay_...): what it holds and what it did since it started. */
  static String describeRelay(MetricsSample sample) {
    return "Relay: " + (long) gauge(sample, "envelopes_held") + " envelopes held ("
        + bytes((long) gauge(sample, "bytes_held")) + ") in " + (long) gauge(sample, "mailboxes") + " mailboxes"
        + "   ·   since start: " + counter(sample, "deposits") + " deposits, " + counter(sample, "collections")
        + " collections, " + counter(sample, "acknowledged") + " acknowledged, " + counter(sample, "expired")
        + " expired, " + sample.counters().entrySet().stream().filter(e -> e.getKey().startsWith("refused_"))
        .mapToLong(java.util.Map.Entry::getValue).sum() + " refused";
  }

  private static double gauge(MetricsSample sample, String name) {
    return sample.gauges().getOrDefault(name, 0.0);
  }

  private static long counter(MetricsSample sample, String name) {
    return sample.counters().getOrDefault(name, 0L);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  public ObservableList<String> instances() {
    return instancesReadOnly;
  }

  public StringProperty selectedInstanceProperty() {
    return selectedInstance;
  }

  public ObservableList<String> endpoints() {
    return endpointsReadOnly;
  }

  public StringProperty selectedEndpointProperty() {
    return selectedEndpoint;
  }

  public ObservableList<EndpointRow> endpointRows() {
    return endpointRowsReadOnly;
  }

  public ObservableList<LatencyPoint> latency() {
    return latencyReadOnly;
  }

  public ReadOnlyStringProperty resourcesProperty() {
    return resources.getReadOnlyProperty();
  }

  public BackgroundWork work() {
    return work;
  }
}
