package io.rvnt.operator.sandbox;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.AdminClient;
import io.rvnt.tor.OnionService;
import io.rvnt.tor.TorNetwork;
import io.rvnt.tor.TorNetworkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local sandbox: the identity service (the three-member cluster of docs/cluster.md, or a single instance), the
 * bootstrap nodes and the relays of a {@link SandboxPlan}, each its own process running rvnt.jar's production command
 * on loopback ports chosen free, with data under {@link #defaultRoot()}. It is ready once every instance listens and
 * the cluster's members agree on a leader.
 * Bootstrap nodes are started one after the other, each told the addresses of those already running, so they peer.
 *
 * <p>Orphans are prevented twice: {@link #stop()} (also run by the owner's shutdown hook), and each child's
 * {@code --parent-pid} watchdog for when the owner is killed outright. Thread-safe.
 */
public final class Sandbox {
  /**
   * The sandbox's identity server asks for less proof of work than production (20 and 16 bits), so that synthetic
   * traffic registers users in well under a second each; the work is still real and checked.
   */
  static final String IDENTITY_CONFIG = String.join("\n",
      "# Written by the sandbox: production settings, with lighter proof of work for synthetic traffic.",
      "register-pow-bits = 14",
      "write-pow-bits = 10",
      "min-free-disk = 16MiB",
      "");
  /**
   * With Tor, the identity server also listens where the onion service delivers, with the PROXY header required and
   * the production per-circuit rate limits (the defaults), exactly as a production host's identity.conf says.
   */
  static final String ONION_LISTENER = String.join("\n",
      "onion-listen = 127.0.0.1:%d",
      "onion-listen-proxy-protocol = required",
      "");
  /** The private network comes up in 15-20 s on an idle laptop; a busy one can take minutes. */
  static final Duration TOR_DEADLINE = Duration.ofMinutes(5);
  /**
   * The sandbox's relays: production limits, but a disk watermark a laptop's disk passes and cheaper mailbox
   * creation; the proof of work is still real and checked.
   */
  static final String RELAY_CONFIG = String.join("\n",
      "# Written by the sandbox: production settings, with a lower disk watermark and lighter proof of work.",
      "create-pow-bits = 10",
      "min-free-disk-bytes = 16777216",
      "");

  /** A cluster member starts Ratis besides RocksDB; on a busy 2-core machine that takes longer than one server. */
  static final Duration MEMBER_START_TIMEOUT = Duration.ofSeconds(120);
  /** Three JVMs electing a leader on a busy machine; an idle laptop takes a few seconds. */
  static final Duration ELECTION_DEADLINE = Duration.ofMinutes(3);
  /** What the progress line says while the members elect their leader. */
  public static final String ELECTION = "the identity cluster's leader election";

  private final Path root;
  private final List<LocalInstance> instances;
  private final FreePorts ports;
  private final MemberKeyMaker keys;
  private final AdminClient admin = new AdminClient();
  /** The identity cluster's members, or empty without one. */
  private final Optional<SandboxCluster> cluster;
  /** The identity server's onion listener port, or 0 without Tor. */
  private final int onionPort;
  private TorNetwork tor; // Guarded by this.

  /** A sandbox without the identity cluster, whose members' keys need {@link MemberKeyMaker}: see the other. */
  public Sandbox(Path root, ChildCommand command, SandboxPlan plan, Clock clock) throws OperatorException {
    this(root, command, plan, clock, noKeys(plan));
  }

  private static MemberKeyMaker noKeys(SandboxPlan plan) {
    if (plan.identity() == SandboxPlan.Identity.CLUSTER) {
      throw new IllegalArgumentException("the identity cluster needs a MemberKeyMaker for its members' keys");
    }
    return (member, key, certificate) -> {
      throw new AssertionError("a sandbox without the identity cluster makes no member keys");
    };
  }

  /** {@code keys} makes the identity cluster members' replication keys. */
  public Sandbox(Path root, ChildCommand command, SandboxPlan plan, Clock clock, MemberKeyMaker keys)
      throws OperatorException {
    this.root = root;
    this.ports = new FreePorts();
    this.keys = keys;
    List<LocalInstance> planned = new ArrayList<>();
    try {
      // First: the Raft ports of an earlier run are kept, and no other listener may take them.
      this.cluster = plan.identity() == SandboxPlan.Identity.CLUSTER
          ? Optional.of(SandboxCluster.plan(root, ports)) : Optional.empty();
      this.onionPort = plan.tor() ? ports.next() : 0;
      if (cluster.isPresent()) {
        for (SandboxCluster.Member member : SandboxCluster.MEMBERS) {
          Path dataDir = root.resolve(member.name());
          planned.add(new LocalInstance(new InstanceSpec(member.name(), Role.IDENTITY, dataDir, List.of(
              "server", "--config", cluster.get().configFile(member).toString(), "--data-dir", dataDir.toString(),
              "--listen", "127.0.0.1:" + ports.next(), "--admin", "127.0.0.1:" + ports.next())), command, clock,
              MEMBER_START_TIMEOUT, LocalInstance.DEFAULT_STOP_TIMEOUT, List::of));
        }
      } else if (plan.identity() == SandboxPlan.Identity.SINGLE) {
        Path dataDir = root.resolve("identity");
        Path identityConfig = root.resolve(plan.tor() ? "identity-onion.conf" : "identity.conf");
        planned.add(new LocalInstance(new InstanceSpec("identity", Role.IDENTITY, dataDir, List.of(
            "server", "--config", identityConfig.toString(), "--data-dir", dataDir.toString(),
            "--listen", "127.0.0.1:" + ports.next(), "--admin", "127.0.0.1:" + ports.next())), command, clock));
      }
      for (int i = 1; i <= plan.bootstrapNodes(); i++) {
        String name = "bootstrap-" + i;
        Path dataDir = root.resolve(name);
        int port = ports.next();
        // --mdns as a LAN node would run, but on 127.0.0.1 only: no LAN interface qualifies, so mDNS sends
        // nothing and the node says so in one line (docs/discovery.md).
        List<String> arguments = new ArrayList<>(List.of(
            "bootstrap", "--data-dir", dataDir.toString(),
            "--listen", "/ip4/127.0.0.1/tcp/" + port, "--listen", "/ip4/127.0.0.1/udp/" + port + "/quic-v1",
            "--admin", "127.0.0.1:" + ports.next(), "--mdns"));
        planned.add(new LocalInstance(new InstanceSpec(name, Role.BOOTSTRAP, dataDir, arguments), command, clock,
            LocalInstance.DEFAULT_START_TIMEOUT, LocalInstance.DEFAULT_STOP_TIMEOUT, this::peerArguments));
      }
      Path relayConfig = root.resolve("relay.conf");
      for (int i = 1; i <= plan.relays(); i++) {
        String name = "relay-" + i;
        Path dataDir = root.resolve(name);
        int port = ports.next();
        planned.add(new LocalInstance(new InstanceSpec(name, Role.RELAY, dataDir, List.of(
            "relay", "--config", relayConfig.toString(), "--data-dir", dataDir.toString(),
            "--listen", "/ip4/127.0.0.1/tcp/" + port, "--listen", "/ip4/127.0.0.1/udp/" + port + "/quic-v1",
            "--admin", "127.0.0.1:" + ports.next())), command, clock));
      }
    } catch (IOException e) {
      throw new OperatorException(Reason.IO, "cannot choose free ports: " + e.getMessage(), e);
    }
    this.instances = List.copyOf(planned);
  }

  /** {@code $XDG_DATA_HOME/rvnt/sandbox}, or {@code ~/.local/share/rvnt/sandbox} (XDG Base Directory spec). */
  public static Path defaultRoot() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("rvnt").resolve("sandbox");
  }

  public Path root() {
    return root;
  }

  public List<Instance> instances() {
    return List.copyOf(instances);
  }

  /** The first running instance of a role. */
  public Optional<Instance> first(Role role) {
    return instances.stream().filter(i -> i.role() == role).map(i -> (Instance) i).findFirst();
  }

  /**
   * Starts every instance in order and returns once all listen and the identity cluster's members agree on a leader.
   * On failure or cancellation, stops what it started and throws.
   *
   * @param progress told the name of each instance as it starts, for a progress line
   */
  public void start(Consumer<String> progress, BooleanSupplier cancelled) throws OperatorException {
    try {
      LocalInstance.createPrivateDirectory(root);
      String onion = onionPort != 0 ? String.format(ONION_LISTENER, onionPort) : "";
      if (cluster.isPresent()) {
        cluster.get().write(IDENTITY_CONFIG, onion, keys);
      } else {
        Files.writeString(root.resolve("identity.conf"), IDENTITY_CONFIG, StandardCharsets.UTF_8);
        if (onionPort != 0) {
          Files.writeString(root.resolve("identity-onion.conf"), IDENTITY_CONFIG + onion, StandardCharsets.UTF_8);
        }
      }
      Files.writeString(root.resolve("relay.conf"), RELAY_CONFIG, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OperatorException(Reason.IO, "cannot prepare " + root + ": " + e.getMessage(), e);
    }
    try {
      for (LocalInstance instance : instances) {
        if (cancelled.getAsBoolean()) {
          throw new OperatorException(Reason.CANCELLED, "starting the sandbox was cancelled");
        }
        progress.accept(instance.name());
        instance.start(cancelled);
      }
      if (cluster.isPresent()) {
        progress.accept(ELECTION);
        cluster.get().awaitSettled(instances.stream().filter(i -> i.role() == Role.IDENTITY).toList(), admin,
            ELECTION_DEADLINE, cancelled);
      }
      if (onionPort != 0) {
        progress.accept("tor");
        startTor();
      }
    } catch (OperatorException e) {
      stop();
      throw e;
    }
  }

  /** A fresh private network (keys of an earlier run would not match its new authorities) for the onion listener. */
  private void startTor() throws OperatorException {
    Path dir = root.resolve("tor");
    try {
      deleteTree(dir);
      TorNetwork started = TorNetwork.start(dir, List.of(OnionService.identity(onionPort)), () -> {
        try {
          return ports.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, TOR_DEADLINE);
      synchronized (this) {
        tor = started;
      }
      OnionEndpoint onion = new OnionEndpoint(started.onionAddress("identity"), started.socksPort());
      instances.stream().filter(i -> i.role() == Role.IDENTITY).findFirst()
          .ifPresent(i -> i.announce(new Endpoint("onion", onion.url() + " via socks5 " + onion.socks())));
    } catch (IOException | UncheckedIOException e) {
      throw new OperatorException(Reason.IO, "cannot prepare the Tor network: " + e.getMessage(), e);
    } catch (TorNetworkException e) {
      throw new OperatorException(Reason.START_FAILED, "the private Tor network did not come up: " + e.getMessage(),
          e);
    }
  }

  /** The identity server's onion service, once the private network answers; empty without Tor. */
  public synchronized Optional<OnionEndpoint> onion() {
    return tor == null ? Optional.empty() : Optional.of(new OnionEndpoint(tor.onionAddress("identity"),
        tor.socksPort()));
  }

  /** Stops the Tor network, then every instance, newest first; returns once no process of this sandbox is left. */
  public void stop() {
    TorNetwork network;
    synchronized (this) {
      network = tor;
      tor = null;
    }
    if (network != null) {
      network.close();
    }
    for (int i = instances.size() - 1; i >= 0; i--) {
      instances.get(i).stop();
    }
  }

  /** Whether any instance is starting or running. */
  public boolean running() {
    return instances.stream().map(i -> i.status().state())
        .anyMatch(s -> s == InstanceState.RUNNING || s == InstanceState.STARTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** {@code --peer} arguments naming every running bootstrap node's announced libp2p addresses. */
  private List<String> peerArguments() {
    List<String> arguments = new ArrayList<>();
    for (LocalInstance instance : instances) {
      if (instance.role() == Role.BOOTSTRAP && instance.status().state() == InstanceState.RUNNING) {
        instance.status().endpoints().stream()
            .filter(e -> e.label().equals("p2p") && e.address().contains("/tcp/"))
            .forEach(e -> {
              arguments.add("--peer");
              arguments.add(e.address());
            });
      }
    }
    return arguments;
  }
}
