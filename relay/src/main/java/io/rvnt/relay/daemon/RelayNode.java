package io.rvnt.relay.daemon;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.daemon.admin.AdminListener;
import io.rvnt.daemon.admin.ProcessMetrics;
import io.rvnt.daemon.lifecycle.DaemonThreads;
import io.rvnt.daemon.lifecycle.StartFailure;
import io.rvnt.daemon.logging.Notice;
import io.rvnt.dht.lan.LanDiscovery;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PeerKeyFile;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.transport.quic.QuicConfig;
import io.rvnt.p2p.transport.quic.QuicTransport;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.relay.core.Relay;
import io.rvnt.relay.core.RelayCounters;
import io.rvnt.relay.p2p.RelayProtocolHandler;
import io.rvnt.relay.protocol.RelayCodec;
import io.rvnt.relay.store.RocksRelayStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running relay: the one wiring place of the daemon. Loads (or creates) the peer key, opens the mailbox store,
 * starts the relay's rules with their writer, workers and purge schedule, and serves identify, ping and
 * {@code /rvnt/relay/1.0.0} over QUIC and TCP, optionally announces itself on its LAN (mDNS, DNS-SD:
 * {@link LanDiscovery#announce}), and serves aggregate metrics and health on the loopback admin listener
 * ({@link RelayComponent}). Nothing about peers, mailboxes or envelopes is logged.
 */
public final class RelayNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RelayNode.class.getName());

  /** Signature checks, proofs of work and collect reads waiting for a worker; beyond, UNAVAILABLE. */
  static final int WORKER_QUEUE = 1_024;

  private final EventLoopGroup group;
  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor workers;
  private final RocksRelayStore store;
  private final Relay relay;
  private final P2pHost host;
  private final List<Multiaddr> listening;
  private final AdminListener admin;
  private final Optional<LanDiscovery> lan;

  private RelayNode(EventLoopGroup group, ScheduledExecutorService scheduler, ThreadPoolExecutor workers,
      RocksRelayStore store, Relay relay, P2pHost host, List<Multiaddr> listening, AdminListener admin,
      Optional<LanDiscovery> lan) {
    this.group = group;
    this.scheduler = scheduler;
    this.workers = workers;
    this.store = store;
    this.relay = relay;
    this.host = host;
    this.listening = listening;
    this.admin = admin;
    this.lan = lan;
  }

  /** Starts the relay; once it returns, every listener is bound. */
  public static RelayNode start(RelayConfig config, String version, Clock clock) throws IOException {
    return start(config, version, clock, new DiskSpace(config.dataDir()));
  }

  /**
   * As {@link #start(RelayConfig, String, Clock)}, with the reading of free disk space given: tests reach the disk
   * watermark with it. {@code clock} drives the protocol's days, challenges and rate limits; the transports keep
   * the system clock for their certificates.
   */
  public static RelayNode start(RelayConfig config, String version, Clock clock, LongSupplier freeDiskBytes)
      throws IOException {
    SecureRandom random = new SecureRandom();
    ProcessMetrics process = new ProcessMetrics(config.dataDir(), version, clock);
    PrivKey key = PeerKeyFile.loadOrCreate(config.dataDir(), random);
    PeerId peerId = PeerId.fromPublicKey(key.publicKey());
    P2pLimits limits = P2pLimits.DEFAULTS.withMaxConnections(config.maxConnections())
        .withMaxMessageSize(config.limits().maxRequestBytes());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("rvnt-relay-purge"));
    ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(WORKER_QUEUE), DaemonThreads.named("rvnt-relay-worker"));
    RocksRelayStore store = null;
    Relay relay = null;
    P2pHost host = null;
    Optional<LanDiscovery> lan = Optional.empty();
    try {
      store = RocksRelayStore.open(config.dataDir().resolve("mailboxes"));
      relay = new Relay(store, config.limits(), peerId.bytes(), clock, freeDiskBytes, new RelayCounters(), workers);
      relay.start();
      Relay started = relay;
      long purgeMillis = config.limits().purgeInterval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> purge(started), 0, purgeMillis, TimeUnit.MILLISECONDS);
      List<Transport> transports = List.of(
          new QuicTransport(key, limits, QuicConfig.DEFAULTS, Clock.systemUTC(), group),
          new TcpTransport(key, limits, group));
      host = new P2pHost(key, limits, transports);
      new Identify(host, key.publicKey(), "rvnt-relay/" + version, limits).register();
      host.addProtocol(Ping.PROTOCOL_ID, new Ping(random));
      host.addProtocol(RelayCodec.PROTOCOL_ID, new RelayProtocolHandler(relay, clock));
      List<Multiaddr> listening = new ArrayList<>();
      for (Multiaddr address : config.listen()) {
        listening.add(host.listen(address).get(30, TimeUnit.SECONDS).withPeerId(peerId.multihash()));
      }
      lan = config.lan().isEmpty() ? Optional.empty()
          : Optional.of(LanDiscovery.announce(config.lan().get(), "relay", host, group, clock));
      Optional<LanDiscovery> announcing = lan;
      RelayComponent component = new RelayComponent(host, relay,
          () -> transports.stream().mapToLong(Transport::inboundHandshakeFailures).sum(),
          () -> announcing.map(LanDiscovery::counters).orElse(Map.of()));
      AdminListener admin = AdminListener.start(config.admin(), config.adminLimits(), component, process);
      RelayNode node = new RelayNode(group, scheduler, workers, store, relay, host, listening, admin, lan);
      LOG.log(Notice.LEVEL, "relay started, version " + version);
      return node;
    } catch (IOException | ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      lan.ifPresent(RelayNode::closeQuietly);
      if (host != null) {
        host.close();
      }
      scheduler.shutdownNow();
      if (relay != null) {
        relay.close();
      }
      workers.shutdownNow();
      if (store != null) {
        store.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw StartFailure.of("the relay", e);
    }
  }

  /** One scheduled purge, waited for so that purges never pile up; a failed one is retried by the next. */
  private static void purge(Relay relay) {
    try {
      int expired = relay.purge().get();
      LOG.log(Level.FINE, "purge deleted {0} expired envelopes", expired);
    } catch (ExecutionException e) {
      // The store failed or the writer was busy: the next run deletes what this one could not.
      LOG.log(Level.WARNING, "a purge of expired envelopes failed; the next one retries");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public PeerId peerId() {
    return host.peerId();
  }

  /** The bound listen addresses, with /p2p. */
  public List<Multiaddr> listenAddresses() {
    return listening;
  }

  /** The admin listener's bound address. */
  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  /** One line on LAN discovery (where the relay announces itself, or why nothing is sent), when it is on. */
  public Optional<String> lanStatus() {
    return lan.map(LanDiscovery::status);
  }

  public Relay relay() {
    return relay;
  }

  public RelayCounters counters() {
    return relay.counters();
  }

  /** Every key and value of the store, in key order: for tests that check what a request changed. */
  public Map<byte[], byte[]> storedEntries() {
    return store.entries();
  }

  /**
   * Stops the admin listener and LAN discovery, stops listening and closes connections, lets the writer finish its
   * batch, and closes the store.
   */
  @Override
  public void close() {
    LOG.info("relay stopping");
    admin.close();
    lan.ifPresent(RelayNode::closeQuietly);
    try {
      host.close().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Connections that do not close in time go with the event loops below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    relay.close();
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    LOG.log(Notice.LEVEL, "relay stopped");
  }

  /** Says goodbye on the LAN; an interrupted goodbye is no reason to keep the rest open. */
  private static void closeQuietly(LanDiscovery discovery) {
    try {
      discovery.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
