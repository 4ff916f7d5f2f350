package io.rvnt.console.hosts;

import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.instances.Instance;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Hosts screen (issue 7): the inventory's hosts; "Add host" with the operator's explicit acceptance of the
 * presented key's SHA-256 fingerprint; the remote services' actions on the selected hosts with progress and one
 * outcome line per host; watching hosts, which makes them remote instances on the Instances, Metrics and DHT
 * screens; and the operator's action log. Secrets are asked through {@link HostPrompts} when a server wants them and
 * wiped when the action ends.
 *
 * <p>The inventory is touched by one job at a time (the screen's {@link BackgroundWork}) and read on the FX thread
 * only between jobs.
 */
public final class HostsViewModel {
  /** The action log grows forever; the screen shows the newest lines. */
  static final int LOG_LINES_SHOWN = 200;

  private final Inventory inventory;
  private final Path actionLog;
  private final RemoteOps ops;
  private final HostPrompts prompts;
  private final BackgroundWork work;
  private final ExecutorService fleetExecutor;
  private final Runnable pollSoon;
  private final Clock clock;
  // Read by the metrics poller's thread, changed by jobs: guarded by itself.
  private final Map<String, RemoteInstance> instances = Collections.synchronizedMap(new LinkedHashMap<>());

  private final ObservableList<HostRow> hosts = FXCollections.observableArrayList();
  private final ObservableList<HostRow> hostsReadOnly = FXCollections.unmodifiableObservableList(hosts);
  private final ObservableList<String> results = FXCollections.observableArrayList();
  private final ObservableList<String> resultsReadOnly = FXCollections.unmodifiableObservableList(results);
  private final ObservableList<String> log = FXCollections.observableArrayList();
  private final ObservableList<String> logReadOnly = FXCollections.unmodifiableObservableList(log);
  private final ObservableList<String> selected = FXCollections.observableArrayList();
  private final StringProperty bundlePath = new SimpleStringProperty("");

  public HostsViewModel(Inventory inventory, Path actionLog, RemoteOps ops, HostPrompts prompts, BackgroundWork work,
      ExecutorService fleetExecutor, Runnable pollSoon, Clock clock) {
    this.inventory = inventory;
    this.actionLog = actionLog;
    this.ops = ops;
    this.prompts = prompts;
    this.work = work;
    this.fleetExecutor = fleetExecutor;
    this.pollSoon = pollSoon;
    this.clock = clock;
    inventory.hosts().forEach(h -> instances.put(h.name(), new RemoteInstance(h, ops, prompts)));
    refreshHosts();
    log.setAll(readLog(actionLog));
    inventory.problem().ifPresent(problem -> work.fail(unreadInventory(problem)));
  }

  private static String unreadInventory(String problem) {
    return "No hosts shown: " + problem + ". Fix hosts.conf and reopen the console; nothing is written to it until"
        + " then";
  }

  /**
   * Validates the form, connects once to learn the host's key and pins it only when known_hosts or the operator
   * accepts it; a key that differs from known_hosts is refused. Nothing is written before that.
   */
  public void addHost(HostForm form) {
    Host unpinned;
    try {
      unpinned = form.toHost();
    } catch (IllegalArgumentException e) {
      work.fail("Cannot add host: " + e.getMessage());
      return;
    }
    if (inventory.problem().isPresent()) {
      work.fail("Cannot add host: " + unreadInventory(inventory.problem().get()));
      return;
    }
    if (inventory.find(unpinned.name()).isPresent()) {
      work.fail("Cannot add host: '" + unpinned.name() + "' is already in the inventory; remove it first");
      return;
    }
    work.start("Adding " + unpinned.name(), progress -> {
      progress.update(-1, "Connecting to " + unpinned.name() + " to see its host key…");
      Host pinned = unpinned.withHostKey(ops.learnHostKey(unpinned, prompts::acceptHostKey));
      inventory.add(pinned);
      instances.put(pinned.name(), new RemoteInstance(pinned, ops, prompts));
      return pinned;
    }, pinned -> {
      refreshHosts();
      results.add(0, pinned.name() + "  add  OK  host key " + pinned.hostKey().orElseThrow() + " pinned");
      pollSoon.run();
    });
  }

  /** Removes the selected hosts from the inventory (their pins go with them) and stops watching them. */
  public void removeHosts(List<String> names) {
    List<String> chosen = List.copyOf(names);
    work.start("Removing " + String.join(", ", chosen), progress -> {
      for (String name : chosen) {
        inventory.remove(name);
        RemoteInstance gone = instances.remove(name);
        if (gone != null) {
          gone.unwatch();
        }
      }
      return null;
    }, ignored -> {
      refreshHosts();
      pollSoon.run();
    });
  }

  /**
   * Runs {@code action} on the named hosts at once (a deploy: a running identity cluster's members one at a time),
   * with one outcome line per host and the action log refreshed.
   */
  public void run(HostAction action, List<String> names) {
    if (names.isEmpty()) {
      work.fail(action.label() + ": select at least one host");
      return;
    }
    if (action.needsBundle() && bundlePath.get().isBlank()) {
      work.fail(action.label() + ": enter the path of a release bundle (rvnt-VERSION.tar.gz)");
      return;
    }
    List<Host> chosen = new ArrayList<>();
    for (String name : names) {
      inventory.find(name).ifPresent(chosen::add);
    }
    String bundleText = bundlePath.get().strip();
    work.start(action.label() + " on " + String.join(", ", names), progress -> {
      Optional<Bundle> bundle = action.needsBundle() ? Optional.of(Bundle.of(Path.of(bundleText))) : Optional.empty();
      Cancellation cancel = new Cancellation();
      AtomicInteger done = new AtomicInteger();
      List<ActionResult> outcome;
      try (Secrets secrets = new Secrets(prompts)) {
        if (action == HostAction.DEPLOY) {
          // A running identity cluster is upgraded one member at a time, as ./rvnt remote deploy does: the
          // share of hosts done says little then, so the bar is indeterminate.
          outcome = ops.deploy(chosen, bundle.orElseThrow(), secrets.credentials(), new Fleet(fleetExecutor),
              (name, step) -> {
                if (progress.cancelled()) {
                  cancel.cancel();
                }
                progress.update(-1, name + ": " + step);
              }, cancel);
        } else {
          outcome = new Fleet(fleetExecutor).run(chosen, action.name().toLowerCase(), host -> {
            ActionResult result = ops.run(action, host, bundle, secrets.credentials(), (name, step) -> {
              if (progress.cancelled()) {
                cancel.cancel();
              }
              progress.update((double) done.get() / chosen.size(), name + ": " + step);
            }, cancel);
            done.incrementAndGet();
            return result;
          });
        }
      } finally {
        cancel.cancel();
      }
      return new Finished(outcome, readLog(actionLog));
    }, finished -> {
      List<String> lines = finished.results().stream().map(HostsViewModel::line).toList();
      results.addAll(0, lines);
      log.setAll(finished.log());
      pollSoon.run();
    });
  }

  private record Finished(List<ActionResult> results, List<String> log) {}

  /** Opens a session per named host and shows it as a remote instance whose metrics come through the forward. */
  public void watch(List<String> names) {
    List<RemoteInstance> chosen = names.stream().map(instances::get).filter(java.util.Objects::nonNull).toList();
    work.start("Watching " + String.join(", ", names), progress -> {
      for (RemoteInstance instance : chosen) {
        progress.update(-1, instance.name() + ": connecting");
        instance.watch(clock.instant());
      }
      return null;
    }, ignored -> {
      refreshHosts();
      pollSoon.run();
    });
  }

  public void unwatch(List<String> names) {
    names.stream().map(instances::get).filter(java.util.Objects::nonNull).forEach(RemoteInstance::unwatch);
    refreshHosts();
    pollSoon.run();
  }

  public void cancel() {
    work.cancel();
  }

  /** Closes every watching session; the console calls it when it closes. */
  public void close() {
    allInstances().forEach(RemoteInstance::unwatch);
  }

  /**
   * The watched hosts as instances, in inventory order, for the metrics poller (any thread). Unwatched hosts are not
   * listed: the console knows nothing of their state, and a "stopped" row or DHT alert would be a guess.
   */
  public List<Instance> instances() {
    synchronized (instances) {
      return instances.values().stream().filter(RemoteInstance::watched).map(Instance.class::cast).toList();
    }
  }

  /** Every inventory host's instance, watched or not. */
  List<RemoteInstance> allInstances() {
    synchronized (instances) {
      return List.copyOf(instances.values());
    }
  }

  private void refreshHosts() {
    List<HostRow> rows = inventory.hosts().stream().map(h -> new HostRow(h.name(), h.address(), h.port(),
        h.user(), h.role().label(), h.hostKey().orElse("— (not pinned)"),
        Optional.ofNullable(instances.get(h.name())).filter(RemoteInstance::watching).isPresent() ? "watching" : ""))
        .toList();
    hosts.setAll(rows);
  }

  static String line(ActionResult result) {
    String detail = result.detail().strip().replace('\n', ' ');
    return result.host() + "  " + result.action() + "  " + result.outcome() + (result.version().isEmpty() ? ""
        : "  " + result.version()) + (detail.isEmpty() ? "" : "  " + detail);
  }

  /** The newest lines of the action log first; a missing log is an empty one. */
  static List<String> readLog(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> newest = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
      Collections.reverse(newest);
      return newest.stream().map(l -> l.replace('\t', ' ')).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The roles a new host may have, in the inventory's spelling: every {@link Role}, the identity active first. */
  public List<String> roleChoices() {
    return Arrays.stream(Role.values()).map(Role::label).toList();
  }

  public ObservableList<HostRow> hosts() {
    return hostsReadOnly;
  }

  /** Outcome lines of the actions, newest first. */
  public ObservableList<String> results() {
    return resultsReadOnly;
  }

  /** The operator action log, newest first. */
  public ObservableList<String> log() {
    return logReadOnly;
  }

  /** The names of the hosts the operator selected; the view writes it. */
  public ObservableList<String> selected() {
    return selected;
  }

  /** The release bundle for provision and deploy; the view writes it. */
  public StringProperty bundlePathProperty() {
    return bundlePath;
  }

  public BackgroundWork work() {
    return work;
  }
}
