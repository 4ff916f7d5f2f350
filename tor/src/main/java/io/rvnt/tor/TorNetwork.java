package io.rvnt.tor;

import io.rvnt.protocol.socks.Socks5;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A private Tor network on 127.0.0.1, all Debian's {@code tor} with {@code TestingTorNetwork 1}: three directory
 * authorities (keys from {@code tor-gencert}), three relays, one tor hosting the {@link OnionService}s, and a client
 * with a SOCKS port. Every torrc and data folder is generated under one folder; every port comes from the caller.
 *
 * <p>It starts in two phases (ENVIRONMENT.md, "Tor"): authorities and relays first; the service and the client only
 * once a consensus lists every relay and three onion-service directories, because on a partial consensus they hang.
 * {@link #start} returns once every onion service answers a SOCKS CONNECT through the client. {@link #close} stops
 * every process; each tor also exits by itself when this JVM dies ({@code __OwningControllerProcess}).
 */
public final class TorNetwork implements AutoCloseable {
  static final int AUTHORITIES = 3;
  static final int RELAYS = 3;
  /** One SOCKS CONNECT to an onion builds two circuits; on a busy machine it can take a while. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Path dir;
  private final List<TorNode> nodes = new ArrayList<>();
  private final Map<String, String> onionAddresses = new LinkedHashMap<>();
  private final Set<Integer> ports = new LinkedHashSet<>();
  private final Map<String, Integer> virtualPorts = new LinkedHashMap<>();
  private int socksPort;

  private TorNetwork(Path dir) {
    this.dir = dir;
  }

  /**
   * Generates the network in {@code dir} (created if missing), starts it and returns once every service answers.
   * On failure or after {@code deadline}, stops what it started and throws with the last lines tor printed.
   *
   * @param freePort a free loopback port each time it is asked
   */
  public static TorNetwork start(Path dir, List<OnionService> services, IntSupplier freePort, Duration deadline)
      throws TorNetworkException {
    if (services.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one onion service");
    }
    TorBinaries.requireInstalled();
    TorNetwork network = new TorNetwork(dir);
    long end = System.nanoTime() + deadline.toNanos();
    try {
      network.run(services, freePort, end, deadline);
      return network;
    } catch (TorNetworkException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private void run(List<OnionService> services, IntSupplier freePort, long end, Duration deadline)
      throws TorNetworkException {
    Path empty = privateDir(dir).resolve("empty-torrc");
    writeFile(empty, "");
    List<Torrcs.Authority> authorities = makeAuthorities(freePort, empty);
    List<NodeKeys> relayKeys = new ArrayList<>();
    List<Integer> relayPorts = new ArrayList<>();
    List<TorNode> relays = new ArrayList<>();
    for (int i = 1; i <= RELAYS; i++) {
      TorNode relay = new TorNode("r" + i, privateDir(dir.resolve("r" + i)));
      relays.add(relay);
      relayPorts.add(port(freePort));
    }
    relayKeys.addAll(parallel(relays.stream().map(r -> (KeyJob) () -> NodeKeys.relay(r.dataDir(), empty)).toList()));

    Instant now = Instant.now();
    List<String> fingerprints = Stream.concat(authorities.stream().map(a -> a.keys().rsaFingerprint()),
        relayKeys.stream().map(NodeKeys::rsaFingerprint)).toList();
    Path bandwidth = dir.resolve("bandwidth");
    writeFile(bandwidth, Torrcs.bandwidthFile(fingerprints, now));
    Torrcs torrcs = new Torrcs(authorities, ProcessHandle.current().pid());

    // Phase 1: authorities, then relays.
    for (Torrcs.Authority authority : authorities) {
      TorNode node = new TorNode(authority.nickname(), dir.resolve(authority.nickname()));
      nodes.add(node);
      node.start(torrcs.authority(authority, node.dataDir(), bandwidth, now));
    }
    for (int i = 0; i < RELAYS; i++) {
      TorNode relay = relays.get(i);
      nodes.add(relay);
      relay.start(torrcs.relay(relay.nickname(), relay.dataDir(), relayPorts.get(i)));
    }
    Path consensus = dir.resolve(authorities.get(0).nickname()).resolve("cached-consensus");
    await(end, deadline, "a consensus listing all " + (AUTHORITIES + RELAYS) + " relays and " + AUTHORITIES
        + " onion-service directories", () -> {
          Consensus c = Consensus.read(consensus);
          return c.relays() >= AUTHORITIES + RELAYS && c.hsDirs() >= AUTHORITIES;
        });

    // Phase 2: the onion services' tor and the client.
    TorNode service = new TorNode("service", privateDir(dir.resolve("service")));
    privateDir(service.dataDir().resolve("onion"));
    nodes.add(service);
    service.start(torrcs.service(service.dataDir(), services));
    TorNode client = new TorNode("client", privateDir(dir.resolve("client")));
    socksPort = port(freePort);
    nodes.add(client);
    client.start(torrcs.client(client.dataDir(), socksPort));

    for (OnionService onion : services) {
      Path hostname = service.dataDir().resolve("onion").resolve(onion.name()).resolve("hostname");
      await(end, deadline, "the onion address of " + onion.name(), () -> Files.isRegularFile(hostname));
      onionAddresses.put(onion.name(), readFile(hostname).strip());
      virtualPorts.put(onion.name(), onion.virtualPort());
    }
    for (OnionService onion : services) {
      awaitAnswer(onion.name(), end, deadline);
    }
  }

  /** The three authorities' ports and keys; keys are made in parallel (RSA key generation takes a while). */
  private List<Torrcs.Authority> makeAuthorities(IntSupplier freePort, Path empty) throws TorNetworkException {
    List<String> names = new ArrayList<>();
    List<Integer> orPorts = new ArrayList<>();
    List<Integer> dirPorts = new ArrayList<>();
    List<KeyJob> jobs = new ArrayList<>();
    for (int i = 1; i <= AUTHORITIES; i++) {
      String name = "a" + i;
      Path dataDir = privateDir(dir.resolve(name));
      int orPort = port(freePort);
      int dirPort = port(freePort);
      names.add(name);
      orPorts.add(orPort);
      dirPorts.add(dirPort);
      jobs.add(() -> NodeKeys.authority(dataDir, empty, dirPort));
    }
    List<NodeKeys> keys = parallel(jobs);
    List<Torrcs.Authority> authorities = new ArrayList<>();
    for (int i = 0; i < AUTHORITIES; i++) {
      authorities.add(new Torrcs.Authority(names.get(i), orPorts.get(i), dirPorts.get(i), keys.get(i)));
    }
    return authorities;
  }

  /** Retries a SOCKS CONNECT to the service until one succeeds: tor then reached the service's local target. */
  private void awaitAnswer(String name, long end, Duration deadline) throws TorNetworkException {
    String last = "no attempt yet";
    while (true) {
      try (Socket ignored = socks("network-check").connect(onionAddress(name), virtualPorts.get(name),
          CONNECT_TIMEOUT)) {
        return;
      } catch (IOException e) {
        last = e.getMessage();
      }
      checkAlive();
      if (System.nanoTime() - end > 0) {
        throw new TorNetworkException("the onion service " + name + " did not answer within " + deadline
            + " (last: " + last + ")\n" + logs());
      }
      LockSupport.parkNanos(RETRY_PAUSE.toNanos());
    }
  }

  /** The client's SOCKS port on 127.0.0.1. */
  public int socksPort() {
    return socksPort;
  }

  /** A SOCKS client of the network's tor; streams with one {@code isolationKey} share a circuit. */
  public Socks5 socks(String isolationKey) {
    return new Socks5(new InetSocketAddress("127.0.0.1", socksPort), isolationKey);
  }

  /** {@code ADDRESS.onion} of the service named {@code name}. */
  public String onionAddress(String name) {
    String address = onionAddresses.get(name);
    if (address == null) {
      throw new IllegalArgumentException("no onion service named " + name);
    }
    return address;
  }

  /** Every loopback port the network's tors listen on. */
  public Set<Integer> ports() {
    return Set.copyOf(ports);
  }

  /** Every tor process started, alive or not, for checks that none is left. */
  public List<ProcessHandle> processes() {
    return nodes.stream().filter(TorNode::started).map(TorNode::handle).toList();
  }

  /** The folder of the network's torrcs, keys and logs. */
  public Path dir() {
    return dir;
  }

  /** Stops every tor: SIGTERM to all, then SIGKILL to those still running after a grace period. */
  @Override
  public void close() {
    nodes.forEach(TorNode::terminate);
    nodes.forEach(TorNode::awaitStopped);
  }

  private void checkAlive() throws TorNetworkException {
    for (TorNode node : nodes) {
      if (!node.alive()) {
        throw new TorNetworkException("tor " + node.nickname() + " exited\n" + node.lastLog(15));
      }
    }
  }

  private void await(long end, Duration deadline, String what, java.util.function.BooleanSupplier condition)
      throws TorNetworkException {
    while (!condition.getAsBoolean()) {
      checkAlive();
      if (System.nanoTime() - end > 0) {
        throw new TorNetworkException("no " + what + " within " + deadline + "\n" + logs());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private String logs() {
    StringBuilder out = new StringBuilder();
    nodes.forEach(n -> out.append(n.lastLog(6)).append('\n'));
    return out.toString();
  }

  private int port(IntSupplier freePort) {
    // The supplier may hand out one port twice in a row; each node needs its own.
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = freePort.getAsInt();
      if (ports.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("the port supplier keeps handing out ports already taken");
  }

  @FunctionalInterface
  private interface KeyJob {
    NodeKeys make() throws TorNetworkException;
  }

  private static List<NodeKeys> parallel(List<KeyJob> jobs) throws TorNetworkException {
    ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
    try {
      List<Future<NodeKeys>> futures = jobs.stream().map(j -> pool.submit(j::make)).toList();
      List<NodeKeys> keys = new ArrayList<>();
      for (Future<NodeKeys> future : futures) {
        keys.add(future.get());
      }
      return keys;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TorNetworkException t) {
        throw t;
      }
      throw new TorNetworkException("making keys failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TorNetworkException("interrupted while making keys", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** tor refuses data and onion-service folders that others may read. */
  private static Path privateDir(Path path) throws TorNetworkException {
    try {
      Files.createDirectories(path);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
      return path;
    } catch (IOException e) {
      throw new TorNetworkException("cannot create " + path + ": " + e.getMessage(), e);
    }
  }

  private static void writeFile(Path file, String text) throws TorNetworkException {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new TorNetworkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String readFile(Path file) throws TorNetworkException {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new TorNetworkException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
