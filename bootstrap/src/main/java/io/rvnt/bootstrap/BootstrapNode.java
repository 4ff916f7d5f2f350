package io.rvnt.bootstrap;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.daemon.admin.AdminListener;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.admin.ProcessMetrics;
import io.rvnt.daemon.lifecycle.DaemonThreads;
import io.rvnt.daemon.lifecycle.StartFailure;
import io.rvnt.daemon.logging.Notice;
import io.rvnt.dht.Dht;
import io.rvnt.dht.lan.LanDiscovery;
import io.rvnt.dht.record.RocksDbRecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PeerKeyFile;
import io.rvnt.p2p.crypto.PrivKey;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A running bootstrap node: the one wiring place of the daemon. Loads (or creates) the peer key, listens on QUIC
 * and TCP, serves identify, ping and the DHT in server mode over a RocksDB record store, keeps dialing the other
 * bootstrap nodes while they are unreachable (looking {@code /dnsaddr} peers up in DNS each time), optionally
 * announces itself and joins peers on its LAN (mDNS, DNS-SD: {@link LanDiscovery}), and serves aggregate metrics and
 * health on the loopback admin listener. Nothing about peers is logged.
 */
public final class BootstrapNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BootstrapNode.class.getName());

  private final BootstrapConfig config;
  private final EventLoopGroup group;
  private final ScheduledExecutorService scheduler;
  private final RocksDbRecordStore store;
  private final P2pHost host;
  private final Dht dht;
  private final BootstrapComponent component;
  private final AdminListener admin;
  private final AggregateReporter aggregates;
  private final List<Multiaddr> listening;
  private final Optional<LanDiscovery> lan;
  private final NettyTxtLookup dns;

  private BootstrapNode(BootstrapConfig config, EventLoopGroup group, ScheduledExecutorService scheduler,
      RocksDbRecordStore store, P2pHost host, Dht dht, BootstrapComponent component, AdminListener admin,
      AggregateReporter aggregates, List<Multiaddr> listening, Optional<LanDiscovery> lan, NettyTxtLookup dns) {
    this.aggregates = aggregates;
    this.dns = dns;
    this.config = config;
    this.group = group;
    this.scheduler = scheduler;
    this.store = store;
    this.host = host;
    this.dht = dht;
    this.component = component;
    this.admin = admin;
    this.listening = listening;
    this.lan = lan;
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
    ProcessMetrics process = new ProcessMetrics(config.dataDir(), version, clock);
    PrivKey key = PeerKeyFile.loadOrCreate(config.dataDir(), random);
    P2pLimits limits = P2pLimits.DEFAULTS.withMaxConnections(config.maxConnections());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("rvnt-bootstrap-worker"));
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
      Optional<LanDiscovery> lan = config.lan().isEmpty() ? Optional.empty()
          : Optional.of(LanDiscovery.start(config.lan().get(), "bootstrap", host, dht, group, clock));
      PeerRounds peering = new PeerRounds(config.peers(), config.peerRetry(), host, dht, scheduler, warnings);
      BootstrapComponent component = new BootstrapComponent(host, dht,
          () -> transports.stream().mapToLong(Transport::inboundHandshakeFailures).sum(),
          () -> lan.map(LanDiscovery::counters).orElse(Map.of()), peering);
      component.serving();
      AdminListener admin = AdminListener.start(config.admin(), config.adminLimits(), component, process);
      AggregateReporter aggregates = AggregateReporter.start(component, process, config.aggregateLogInterval());
      BootstrapNode node = new BootstrapNode(config, group, scheduler, store, host, dht, component, admin,
          aggregates, listening, lan, dns);
      peering.run();
      long retry = config.peerRetry().toMillis();
      scheduler.scheduleWithFixedDelay(peering, retry, retry, TimeUnit.MILLISECONDS);
      LOG.log(Notice.LEVEL, "bootstrap node started, version " + version);
      return node;
    } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
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
      throw StartFailure.of("the bootstrap node", e);
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

  /** One line on LAN discovery (where it runs, or why nothing is sent), when it is on. */
  public Optional<String> lanStatus() {
    return lan.map(LanDiscovery::status);
  }

  /** Stops listening, closes every connection, and closes the record store. */
  @Override
  public void close() throws InterruptedException {
    LOG.info("bootstrap node stopping");
    component.stopping();
    aggregates.close();
    admin.close();
    if (lan.isPresent()) {
      lan.get().close();
    }
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
    LOG.log(Notice.LEVEL, "bootstrap node stopped");
  }
}
