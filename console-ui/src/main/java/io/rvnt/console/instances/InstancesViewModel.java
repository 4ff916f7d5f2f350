package io.rvnt.console.instances;

import io.rvnt.console.session.SandboxControl;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.cluster.MemberView;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.metrics.MetricsSample;
import io.rvnt.operator.metrics.Observation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Instances screen: every instance (sandbox processes and watched remote hosts) with role, state, uptime,
 * version, endpoints and health, and for an identity cluster member its role in the cluster and its lag (from its
 * admin listener's {@code rvnt_identity_cluster_...} gauges); the sandbox's start and stop; start, stop and restart
 * of one instance; the recent warnings of the selected one.
 */
public final class InstancesViewModel {
  /** The location of sandbox instances; remote ones carry their host's name. */
  static final String LOCAL = "local";
  /** A cluster member's role and lag while it does not answer. */
  static final String NOT_ANSWERING = "—";

  private final SandboxControl sandbox;
  private final Supplier<List<Instance>> instances;
  private final BackgroundWork work;
  private final Runnable pollSoon;
  private final Clock clock;
  private final ObservableList<InstanceRow> rows = FXCollections.observableArrayList();
  // One wrapper per list, kept: a wrapper made per call is collected with the view's listener on it.
  private final ObservableList<InstanceRow> rowsReadOnly =
      FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<String> selectedWarnings = FXCollections.observableArrayList();
  private final ObservableList<String> selectedWarningsReadOnly =
      FXCollections.unmodifiableObservableList(selectedWarnings);
  private final StringProperty selected = new SimpleStringProperty("");
  private final ReadOnlyBooleanWrapper sandboxRunning = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyIntegerWrapper healthyCount = new ReadOnlyIntegerWrapper(0);

  public InstancesViewModel(SandboxControl sandbox, BackgroundWork work, Runnable pollSoon, Clock clock) {
    this(sandbox, sandbox::instances, work, pollSoon, clock);
  }

  /** {@code instances}: the sandbox's and the watched remote hosts', as the metrics poller sees them. */
  public InstancesViewModel(SandboxControl sandbox, Supplier<List<Instance>> instances, BackgroundWork work,
      Runnable pollSoon, Clock clock) {
    this.sandbox = sandbox;
    this.instances = instances;
    this.work = work;
    this.pollSoon = pollSoon;
    this.clock = clock;
    selected.addListener((obs, old, name) -> refreshWarnings());
  }

  /** Starts every sandbox instance, off the FX thread, with progress and cancel. */
  public void startSandbox() {
    List<Instance> instances = sandbox.instances();
    int[] started = {0};
    work.start("Starting the sandbox", progress -> {
      sandbox.start(name -> {
        progress.update((double) started[0]++ / instances.size(), "Starting " + name + "…");
        pollSoon.run();
      }, progress::cancelled);
      return null;
    }, ignored -> {
      sandboxRunning.set(true);
      pollSoon.run();
    });
    pollSoon.run();
  }

  /** Stops every sandbox instance; returns at once, the work runs in the background. */
  public void stopSandbox() {
    work.cancel();
    work.start("Stopping the sandbox", progress -> {
      sandbox.stop();
      return null;
    }, ignored -> {
      sandboxRunning.set(false);
      pollSoon.run();
    });
  }

  public void startInstance(String name) {
    find(name).ifPresent(instance -> work.start("Starting " + name, progress -> {
      instance.start(progress::cancelled);
      return null;
    }, ignored -> pollSoon.run()));
  }

  public void stopInstance(String name) {
    find(name).ifPresent(instance -> work.start("Stopping " + name, progress -> {
      instance.stop();
      return null;
    }, ignored -> pollSoon.run()));
  }

  public void restartInstance(String name) {
    find(name).ifPresent(instance -> work.start("Restarting " + name, progress -> {
      instance.restart(progress::cancelled);
      return null;
    }, ignored -> pollSoon.run()));
  }

  public void cancel() {
    work.cancel();
  }

  /** A poll round arrived: one row per instance, in the sandbox's order. */
  public void show(List<Observation> round) {
    List<InstanceRow> updated = round.stream().map(this::row).toList();
    if (!updated.equals(rows)) {
      rows.setAll(updated);
    }
    healthyCount.set((int) updated.stream().filter(InstanceRow::healthy).count());
    sandboxRunning.set(updated.stream().filter(r -> r.location().equals(LOCAL)).anyMatch(
        r -> r.state() == InstanceState.RUNNING || r.state() == InstanceState.STARTING));
    refreshWarnings();
  }

  private InstanceRow row(Observation observation) {
    InstanceStatus status = observation.status();
    String uptime = status.startedAt()
        .map(started -> format(Duration.between(started, clock.instant())))
        .orElse("—");
    String version = observation.latest().map(MetricsSample::version).filter(v -> !v.isBlank()).orElse("—");
    String endpoints = status.endpoints().stream().map(Endpoint::toString).collect(Collectors.joining("  "));
    Optional<MemberView> member = observation.latest().flatMap(MemberView::of);
    // Only a fresh answer says what the member is now; a stopped or silent one's last sample is old news.
    boolean fresh = status.state() == InstanceState.RUNNING && observation.error().isEmpty();
    String cluster = member.map(m -> fresh ? m.role(status.name()) : NOT_ANSWERING).orElse("");
    String lag = member.map(m -> fresh ? Long.toString(m.lag()) : NOT_ANSWERING).orElse("");
    return new InstanceRow(status.name(), status.role().label(), cluster, lag, status.location(), status.state(),
        observation.health(), uptime, version, endpoints, status.recentWarnings());
  }

  static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  private void refreshWarnings() {
    List<String> warnings = rows.stream().filter(r -> r.name().equals(selected.get())).findFirst()
        .map(InstanceRow::warnings).orElse(List.of());
    if (!warnings.equals(selectedWarnings)) {
      selectedWarnings.setAll(warnings);
    }
  }

  private Optional<Instance> find(String name) {
    return instances.get().stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public ObservableList<InstanceRow> rows() {
    return rowsReadOnly;
  }

  public ObservableList<String> selectedWarnings() {
    return selectedWarningsReadOnly;
  }

  /** The name of the instance the operator selected; the view writes it. */
  public StringProperty selectedProperty() {
    return selected;
  }

  public ReadOnlyBooleanProperty sandboxRunningProperty() {
    return sandboxRunning.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty healthyCountProperty() {
    return healthyCount.getReadOnlyProperty();
  }

  public BackgroundWork work() {
    return work;
  }
}
