package io.rvnt.bootstrap;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.Dht;
import io.rvnt.dht.record.RocksDbRecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.dns.DnsaddrException;
import io.rvnt.p2p.dns.DnsaddrLimits;
import io.rvnt.p2p.dns.DnsaddrResolver;
import io.rvnt.p2p.dns.NettyTxtLookup;
import io.rvnt.p2p.dns.RecursiveDnsaddrResolver;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.transport.quic.QuicConfig;
import io.rvnt.p2p.transport.quic.QuicTransport;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A running bootstrap node: the one wiring place of the daemon. Loads (or creates) the peer key, listens on QUIC
 * and TCP, serves identify, ping and the DHT in server mode over a RocksDB record store, keeps dialing the other
 * bootstrap nodes while they are unreachable (looking {@code /dnsaddr} peers up in DNS each time), and serves
 * aggregate metrics on the loopback admin listener. Nothing about peers is logged.
 */
public final class BootstrapNode implements AutoCloseable {

  private final BootstrapConfig config;
  private final EventLoopGroup group;
  private final ScheduledExecutorService scheduler;
  private final RocksDbRecordStore store;
  private final P2pHost host;
  private final Dht dht;
  private final AdminServer admin;
  private final List<Multiaddr> listening;
  private final NettyTxtLookup dns;
  private final Consumer<String> warnings;
  private final Map<Multiaddr, String> dnsaddrProblems = new ConcurrentHashMap<>();
  private final AtomicBoolean peering = new AtomicBoolean();

  private BootstrapNode(BootstrapConfig config, EventLoopGroup group, ScheduledExecutorService scheduler,
      RocksDbRecordStore store, P2pHost host, Dht dht, AdminServer admin, List<Multiaddr> listening,
      NettyTxtLookup dns, Consumer<String> warnings) {
    this.dns = dns;
    this.warnings = warnings;
    this.config = config;
    this.group = group;
    this.scheduler = scheduler;
    this.store = store;
    this.host = host;
    this.dht = dht;
    this.admin = admin;
    this.listening = listening;
  }

  /** Starts the node; once it returns, every listener is bound. */
  public static BootstrapNode start(BootstrapConfig config, String version, Clock clock)
      throws IOException, InterruptedException {
    return start(config, version, clock, line -> { });
  }

  /**
   * Starts the node; once it returns, every listener is bound.
   *
   * @param warnings told in one line why a {@code /dnsaddr} peer cannot be used (the domain and the reason, never a
   *     record's address), once each time the reason changes; called on the node's scheduler thread
   */
  public static BootstrapNode start(BootstrapConfig config, String version, Clock clock, Consumer<String> warnings)
      throws IOException, InterruptedException {
    SecureRandom random = new SecureRandom();
    PrivKey key = PeerKeyFile.loadOrCreate(config.dataDir(), random);
    P2pLimits limits = P2pLimits.DEFAULTS.withMaxConnections(config.maxConnections());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads());
    RocksDbRecordStore store = null;
    P2pHost host = null;
    NettyTxtLookup dns = null;
    try {
      store = RocksDbRecordStore.open(config.dataDir().resolve("records"));
      List<Transport> transports = List.of(
          new QuicTransport(key, limits, QuicConfig.DEFAULTS, clock, group),
          new TcpTransport(key, limits, group));
      // A DNS client only when a peer is /dnsaddr: no socket is opened otherwise.
      if (config.peers().stream().anyMatch(DnsaddrResolver::isDnsaddr)) {
        dns = NettyTxtLookup.on(group, config.dnsServer(), DnsaddrLimits.DEFAULTS.timeout());
      }
      host = new P2pHost(key, limits, transports,
          dns == null ? null : new RecursiveDnsaddrResolver(dns, DnsaddrLimits.DEFAULTS));
      Identify identify = new Identify(host, key.publicKey(), "rvnt-bootstrap/" + version,
          limits);
      identify.register();
      host.addProtocol(Ping.PROTOCOL_ID, new Ping(random));
      Dht dht = new Dht(host, identify, config.dht(), store, Validators.rvntDefault(), clock, scheduler);
      dht.start();
      List<Multiaddr> listening = new ArrayList<>();
      for (Multiaddr address : config.listen()) {
        listening.add(host.listen(address).get(30, TimeUnit.SECONDS).withPeerId(host.peerId().multihash()));
      }
      AdminServer admin = AdminServer.start(config.admin(), new BootstrapMetrics(host, dht,
          () -> transports.stream().mapToLong(Transport::inboundHandshakeFailures).sum(), config.dataDir(), version,
          clock));
      BootstrapNode node = new BootstrapNode(config, group, scheduler, store, host, dht, admin, listening, dns,
          warnings);
      node.peer();
      long retry = config.peerRetry().toMillis();
      scheduler.scheduleWithFixedDelay(node::peer, retry, retry, TimeUnit.MILLISECONDS);
      return node;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (host != null) {
        host.close();
      }
      if (dns != null) {
        dns.close();
      }
      if (store != null) {
        store.close();
      }
      scheduler.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("the bootstrap node could not start: " + rootMessage(e), e);
    }
  }

  public PeerId peerId() {
    return host.peerId();
  }

  /** The bound listen addresses, with /p2p. */
  public List<Multiaddr> listenAddresses() {
    return listening;
  }

  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  public Dht dht() {
    return dht;
  }

  /**
   * Dials the configured bootstrap peers this node has no connection to, each at the first of its addresses that
   * answers, and joins the DHT through it. {@code /dnsaddr} peers are looked up first; the node's own records are
   * skipped. A round still looking up or dialing when the next is due lets that one pass.
   */
  private void peer() {
    if (!peering.compareAndSet(false, true)) {
      return;
    }
    List<CompletableFuture<List<Multiaddr>>> lookups = config.peers().stream().map(this::addressesOf).toList();
    CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      Map<PeerId, List<Multiaddr>> byPeer = new LinkedHashMap<>();
      for (CompletableFuture<List<Multiaddr>> lookup : lookups) {
        for (Multiaddr address : lookup.join()) {
          address.peerIdMultihash().map(PeerId::fromMultihash).filter(p -> !p.equals(host.peerId()))
              .ifPresent(p -> byPeer.computeIfAbsent(p, x -> new ArrayList<>()).add(address));
        }
      }
      Set<PeerId> connected = host.connections().stream().map(Connection::remotePeerId).collect(Collectors.toSet());
      List<CompletableFuture<?>> joins = new ArrayList<>();
      byPeer.forEach((peer, addresses) -> {
        if (!connected.contains(peer)) {
          // dht.bootstrap dials again, and finds the connection just made.
          joins.add(host.dialFirstReachable(addresses).thenCompose(c -> dht.bootstrap(addresses.subList(0, 1))));
        }
      });
      return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new));
    }).whenComplete((v, e) -> peering.set(false));
  }

  /** The addresses {@code peer} stands for; none, with a warning, when its DNS records cannot be used. */
  private CompletableFuture<List<Multiaddr>> addressesOf(Multiaddr peer) {
    return host.resolve(peer).handle((addresses, e) -> {
      String problem = e != null ? dnsaddrReason(e)
          : addresses.stream().anyMatch(a -> a.peerIdMultihash().isEmpty())
              ? "records without /p2p/PEER_ID are skipped" : null;
      String previous = problem == null ? dnsaddrProblems.remove(peer) : dnsaddrProblems.put(peer, problem);
      if (problem != null && !problem.equals(previous)) {
        warn("peer " + peer + ": " + problem + "; looked up again every " + config.peerRetry().toSeconds() + " s");
      }
      return e != null ? List.<Multiaddr>of() : addresses;
    });
  }

  /** Hands {@code line} to the warnings sink on the scheduler: lookups end on event loops, which must not block. */
  private void warn(String line) {
    try {
      scheduler.execute(() -> warnings.accept(line));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The node is closing; the warning no longer matters.
    }
  }

  private static String dnsaddrReason(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DnsaddrException) {
        return c.getMessage();
      }
    }
    return rootMessage(e);
  }

  /** Stops listening, closes every connection, and closes the record store. */
  @Override
  public void close() throws InterruptedException {
    admin.close();
    dht.close();
    scheduler.shutdown();
    try {
      host.close().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Connections that do not close in time go with the event loops below.
    }
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
    if (dns != null) {
      dns.close();
    }
    store.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "rvnt-bootstrap-worker");
      t.setDaemon(true);
      return t;
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && (c.getMessage() == null || c instanceof ExecutionException)) {
      c = c.getCause();
    }
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }
}
