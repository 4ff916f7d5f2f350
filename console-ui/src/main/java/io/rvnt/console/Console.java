package io.rvnt.console;

import atlantafx.base.theme.PrimerLight;
import io.rvnt.console.alerts.AlertsView;
import io.rvnt.console.alerts.AlertsViewModel;
import io.rvnt.console.canary.CanaryView;
import io.rvnt.console.canary.CanaryViewModel;
import io.rvnt.console.dht.DhtView;
import io.rvnt.console.dht.DhtViewModel;
import io.rvnt.console.hosts.DialogPrompts;
import io.rvnt.console.hosts.HostsView;
import io.rvnt.console.hosts.HostsViewModel;
import io.rvnt.console.hosts.RemoteOps;
import io.rvnt.console.hosts.SshRemoteOps;
import io.rvnt.console.instances.InstancesView;
import io.rvnt.console.instances.InstancesViewModel;
import io.rvnt.console.metrics.MetricsView;
import io.rvnt.console.metrics.MetricsViewModel;
import io.rvnt.console.session.ObservationFeed;
import io.rvnt.console.shell.MainView;
import io.rvnt.console.shell.Screenshots;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.alerts.AlertBook;
import io.rvnt.operator.alerts.AlertRules;
import io.rvnt.operator.alerts.Thresholds;
import io.rvnt.operator.dht.LiveDnsaddrCheck;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.metrics.AdminClient;
import io.rvnt.operator.metrics.InstanceMonitor;
import io.rvnt.operator.metrics.MetricsHistory;
import io.rvnt.operator.traffic.SyntheticTraffic;
import io.rvnt.operator.traffic.TrafficProgress;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console's one wiring place: builds services, view models and views into a stage. Used by
 * {@link ConsoleApplication} and by the TestFX tests, which give it their own stage.
 */
public final class Console {
  public static final String INSTANCES = "Instances";
  public static final String METRICS = "Metrics";
  public static final String DHT = "DHT health";
  public static final String CANARY = "Canary";
  public static final String HOSTS = "Hosts";
  public static final String ALERTS = "Alerts";

  /** Room for the Instances table's columns and two charts side by side. */
  private static final double WIDTH = 1280;
  private static final double HEIGHT = 860;

  private final ConsoleSetup setup;
  private final ExecutorService background;
  private final ScheduledExecutorService scheduler;
  private final ObservationFeed feed;
  private final InstancesViewModel instances;
  private final MetricsViewModel metrics;
  private final DhtViewModel dht;
  private final CanaryViewModel canary;
  private final HostsViewModel hosts;
  private final AlertsViewModel alerts;
  private final MainView main;
  private final Scene scene;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private Console(Stage stage, ConsoleSetup setup) {
    this.setup = setup;
    this.background = Executors.newCachedThreadPool(daemon("console-work"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("console-poll"));
    // Local and remote instances through the same model: a watched host's admin listener is its SSH forward.
    InstanceMonitor monitor = new InstanceMonitor(this::allInstances, new AdminClient(),
        MetricsHistory.DEFAULT_CAPACITY);
    this.feed = new ObservationFeed(monitor, Platform::runLater, scheduler);
    Path trafficKeys = setup.sandbox().root().resolve("traffic-keys");
    SecureRandom random = new SecureRandom();
    this.hosts = hostsViewModel(setup);
    this.instances = new InstancesViewModel(setup.sandbox(), this::allInstances, work(), feed::pollSoon,
        setup.clock());
    this.metrics = new MetricsViewModel(work(), (api, dhtAddresses, rounds, progress) -> {
      TrafficProgress done = new SyntheticTraffic(api, trafficKeys, setup.clock(), random).run(rounds, progress);
      // DHT lookups: the probe's random FIND_NODE queries and iterative lookups through every bootstrap node.
      if (!dhtAddresses.isEmpty() && setup.dhtProbe().isPresent()) {
        setup.dhtProbe().get().probe(dhtAddresses);
      }
      return done;
    });
    this.dht = new DhtViewModel(work(), setup.dhtProbe(), new LiveDnsaddrCheck());
    this.canary = new CanaryViewModel(work(), setup.clock(), setup.canary());
    this.alerts = new AlertsViewModel(new AlertRules(Thresholds.DEFAULTS),
        new AlertBook(AlertBook.DEFAULT_CLEARED_CAPACITY, AlertBook.DEFAULT_CONFIRM_AFTER), setup.clock());
    canary.dueDateProperty().addListener((obs, old, due) -> alerts.canaryDue(due));
    feed.addListener(instances::show);
    feed.addListener(metrics::show);
    feed.addListener(dht::show);
    feed.addListener(alerts::show);
    canary.loadKey();

    Map<String, Node> screens = new LinkedHashMap<>();
    screens.put(INSTANCES, new InstancesView(instances));
    screens.put(METRICS, new MetricsView(metrics));
    screens.put(DHT, new DhtView(dht));
    screens.put(CANARY, new CanaryView(canary));
    screens.put(HOSTS, new HostsView(hosts));
    screens.put(ALERTS, new AlertsView(alerts));
    this.main = new MainView(screens);
    main.badge(ALERTS, alerts.activeCountProperty());
    // Never larger than the screen: a window past its edges breaks software rendering on a small virtual display.
    javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
    this.scene = new Scene(main, Math.min(WIDTH, screen.getWidth()), Math.min(HEIGHT, screen.getHeight()));
    stage.setTitle("RVNT operator console");
    stage.setScene(scene);
    stage.setOnCloseRequest(e -> close());
  }

  private HostsViewModel hostsViewModel(ConsoleSetup setup) {
    Path folder = setup.remoteFolder();
    // A malformed hosts.conf is shown on the Hosts screen; the rest of the console opens as usual.
    Inventory inventory = Inventory.loadOrExplain(folder.resolve("hosts.conf"));
    ActionLog log = new ActionLog(folder.resolve("actions.log"), setup.clock());
    Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    RemoteOps ops = new SshRemoteOps(new SshConnector(SshSettings.DEFAULTS), log, HealthSettings.DEFAULTS,
        setup.clock(), knownHosts);
    return new HostsViewModel(inventory, log.file(), ops, new DialogPrompts(() -> this.scene.getWindow()), work(),
        background, feed::pollSoon, setup.clock());
  }

  private List<Instance> allInstances() {
    List<Instance> all = new ArrayList<>(setup.sandbox().instances());
    if (this.hosts != null) {
      all.addAll(this.hosts.instances());
    }
    return all;
  }

  /** Builds the console into {@code stage}, shows it and starts polling. Call on the FX thread. */
  public static Console open(Stage stage, ConsoleSetup setup) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    Console console = new Console(stage, setup);
    stage.show();
    console.feed.start(InstanceMonitor.DEFAULT_INTERVAL);
    return console;
  }

  private BackgroundWork work() {
    return new BackgroundWork(Platform::runLater, background);
  }

  /** Saves one PNG per screen into {@code directory}, showing each in turn; returns the files. On the FX thread. */
  public List<Path> saveScreenshots(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : main.screenNames()) {
      main.show(name);
      scene.getRoot().applyCss();
      scene.getRoot().layout();
      files.add(Screenshots.save(scene, directory.resolve(Screenshots.fileName(name))));
    }
    main.show(INSTANCES);
    return files;
  }

  public void show(String screen) {
    main.show(screen);
  }

  /** Stops every sandbox process and the console's threads; blocks until the processes are gone. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    background.shutdownNow();
    hosts.close();
    setup.sandbox().stop();
  }

  public InstancesViewModel instances() {
    return instances;
  }

  public MetricsViewModel metrics() {
    return metrics;
  }

  public DhtViewModel dht() {
    return dht;
  }

  public CanaryViewModel canary() {
    return canary;
  }

  public HostsViewModel hosts() {
    return hosts;
  }

  public AlertsViewModel alerts() {
    return alerts;
  }

  public Scene scene() {
    return scene;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
