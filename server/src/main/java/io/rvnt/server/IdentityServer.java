package io.rvnt.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.rvnt.daemon.admin.AdminListener;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.admin.ProcessMetrics;
import io.rvnt.daemon.logging.Notice;
import io.rvnt.daemon.metrics.DiskUsage;
import io.rvnt.server.cluster.ClusterNode;
import io.rvnt.server.config.HostPort;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.server.config.ListenerConfig;
import io.rvnt.server.http.HttpPipelines;
import io.rvnt.server.identity.IdentityLimits;
import io.rvnt.server.identity.IdentityService;
import io.rvnt.server.ledger.Ledger;
import io.rvnt.server.ledger.LocalLedger;
import io.rvnt.server.metrics.IdentityComponent;
import io.rvnt.server.metrics.ServerMetrics;
import io.rvnt.server.pow.AdaptivePow;
import io.rvnt.server.pow.EffortController;
import io.rvnt.server.pow.PowQueue;
import io.rvnt.server.pow.PowSeedKey;
import io.rvnt.server.pow.PowStatus;
import io.rvnt.server.pow.SeedSchedule;
import io.rvnt.server.ratelimit.RateLimiter;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.RocksDbIdentityStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The identity server (issue 2, docs/identity-protocol.md): wires configuration, RocksDB store, rules, rate limiter,
 * metrics and the Netty edge, and owns their lifecycle. Without cluster settings it is the single embedded instance
 * ({@link LocalLedger} over a synced store); with them, a member of the replicated cluster of docs/cluster.md
 * ({@link ClusterNode}), and a witness member runs no API listener at all. {@link #close()} stops accepting, lets
 * in-flight requests finish, then closes the store (or leaves the cluster).
 */
public final class IdentityServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IdentityServer.class.getName());
  private static final long DRAIN_SECONDS = 10;

  private final IdentityStore store;
  private final Optional<ClusterNode> cluster;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final ThreadPoolExecutor workers;
  private final PowQueue powQueue;
  private final List<Channel> apiChannels;
  private final AdminListener admin;
  private final AggregateReporter aggregates;
  private boolean closed;

  private IdentityServer(
      IdentityStore store,
      Optional<ClusterNode> cluster,
      EventLoopGroup bossGroup,
      EventLoopGroup workerGroup,
      ThreadPoolExecutor workers,
      PowQueue powQueue,
      List<Channel> apiChannels,
      AdminListener admin,
      AggregateReporter aggregates) {
    this.store = store;
    this.cluster = cluster;
    this.bossGroup = bossGroup;
    this.workerGroup = workerGroup;
    this.workers = workers;
    this.powQueue = powQueue;
    this.apiChannels = apiChannels;
    this.admin = admin;
    this.aggregates = aggregates;
  }

  /** Opens the store in the configured data directory and binds every listener. */
  public static IdentityServer start(IdentityServerConfig config, Clock clock) throws IOException {
    String version = IdentityServer.class.getPackage().getImplementationVersion();
    return start(config, clock, version != null ? version : "dev");
  }

  /** As {@link #start(IdentityServerConfig, Clock)}, reporting {@code version} in the metrics. */
  public static IdentityServer start(IdentityServerConfig config, Clock clock, String version) throws IOException {
    LongSupplier freeDisk = () -> DiskUsage.freeBytes(config.dataDir());
    if (config.cluster().isEmpty()) {
      return start(config, clock, version, RocksDbIdentityStore.open(config.dataDir()), freeDisk);
    }
    ClusterNode node = ClusterNode.start(config.cluster().get(), config.dataDir());
    return start(config, clock, version, node.store(), node.ledger(), freeDisk, Optional.of(node));
  }

  /** With a given store and free-disk probe: for tests of the whole server against a store they can inspect. */
  static IdentityServer start(
      IdentityServerConfig config, Clock clock, String version, IdentityStore store, LongSupplier freeDisk)
      throws IOException {
    return start(config, clock, version, store, new LocalLedger(store), freeDisk, Optional.empty());
  }

  private static IdentityServer start(IdentityServerConfig config, Clock clock, String version, IdentityStore store,
      Ledger ledger, LongSupplier freeDisk, Optional<ClusterNode> cluster) throws IOException {
    byte[] seedKey;
    try {
      seedKey = PowSeedKey.load(config.pow(), config.dataDir());
    } catch (IOException | RuntimeException e) {
      cluster.ifPresentOrElse(ClusterNode::close, store::close);
      throw e;
    }
    EffortController efforts = new EffortController(1L << config.registerPowBits(), config.pow(), clock);
    AdaptivePow pow = new AdaptivePow(new SeedSchedule(seedKey, config.pow().seedPeriod(), clock), efforts,
        config.registerPowBits(), config.writePowBits());
    PowQueue powQueue = new PowQueue(config.pow().queueCapacity(), config.pow().queueDeadline(), clock, efforts)
        .start(config.workerThreads());
    IdentityService service =
        new IdentityService(
            store,
            ledger,
            clock,
            new IdentityLimits(
                config.registerPowBits(),
                config.writePowBits(),
                config.timestampWindow(),
                config.maxPrekeysPerUpload(),
                config.maxStoredPrekeys(),
                config.minFreeDiskBytes()),
            freeDisk,
            config.replayCacheCapacity(),
            pow);
    RateLimiter limiter =
        new RateLimiter(
            clock,
            config.circuitApi(),
            config.circuitRegister(),
            config.directApi(),
            config.directRegister(),
            config.rateLimitTableCapacity());
    ServerMetrics metrics = new ServerMetrics(clock, HttpPipelines.routeNames());
    ProcessMetrics process = new ProcessMetrics(config.dataDir(), version, clock);
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            config.workerThreads(),
            config.workerThreads(),
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.workerQueue()),
            new DefaultThreadFactory("rvnt-worker", true),
            new ThreadPoolExecutor.AbortPolicy());
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rvnt-accept", true),
        NioIoHandler.newFactory());
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("rvnt-io", true),
        NioIoHandler.newFactory());
    HttpPipelines pipelines = new HttpPipelines(config, service, limiter, metrics, workers, powQueue);
    List<Channel> apiChannels = new ArrayList<>();
    java.util.function.Supplier<PowStatus> powStatus = () -> PowStatus.of(pow, powQueue);
    IdentityComponent component = cluster
        .map(node -> new IdentityComponent(metrics, store::userCount, config.minFreeDiskBytes(), powStatus,
            node::status, node::healthy))
        .orElseGet(() -> new IdentityComponent(metrics, store::userCount, config.minFreeDiskBytes(), powStatus));
    AdminListener admin;
    try {
      // A witness votes and keeps the data, and serves no client (docs/cluster.md).
      boolean servesClients = cluster.map(node -> node.role().servesClients()).orElse(true);
      for (ListenerConfig listener : servesClients ? config.listeners() : List.<ListenerConfig>of()) {
        apiChannels.add(bind(boss, loops, listener.address(), pipelines.apiInitializer(listener)));
      }
      HostPort adminAddress = config.admin();
      admin = AdminListener.start(new InetSocketAddress(adminAddress.host(), adminAddress.port()),
          config.adminLimits(), component, process);
    } catch (IOException | RuntimeException e) {
      apiChannels.forEach(Channel::close);
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownNow();
      powQueue.close();
      cluster.ifPresentOrElse(ClusterNode::close, store::close);
      throw e;
    }
    AggregateReporter aggregates = AggregateReporter.start(component, process, config.aggregateLogInterval());
    LOG.log(Notice.LEVEL, "identity server started, version " + version);
    return new IdentityServer(store, cluster, boss, loops, workers, powQueue, apiChannels, admin, aggregates);
  }

  private static Channel bind(EventLoopGroup boss, EventLoopGroup loops, HostPort address,
      ChannelHandler initializer) throws IOException {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, loops)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer);
    try {
      return bootstrap.bind(address.host(), address.port()).syncUninterruptibly().channel();
    } catch (Exception e) {
      // Netty rethrows the checked BindException undeclared: catch every kind.
      throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The bound API addresses, in the order of the configuration's listeners (actual ports when 0 was asked). */
  public List<InetSocketAddress> listenAddresses() {
    return apiChannels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
  }

  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  /** This server's cluster membership; empty for the single embedded instance. */
  public Optional<ClusterNode> cluster() {
    return cluster;
  }

  /** Stops accepting, finishes in-flight requests (up to 10 s), closes connections, then the store. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("identity server stopping");
    apiChannels.forEach(c -> c.close().syncUninterruptibly());
    aggregates.close();
    admin.close();
    workers.shutdown();
    boolean drained = false;
    try {
      drained = workers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
      // Requests still waiting for their turn are answered busy; the one each serving thread runs finishes first.
      drained &= powQueue.close(java.time.Duration.ofSeconds(DRAIN_SECONDS));
      if (!drained) {
        LOG.warning("in-flight requests did not finish in time");
        workers.shutdownNow();
        drained = workers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Lets the event loops write the last responses, then closes every connection.
    workerGroup.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    bossGroup.shutdownGracefully(0, 1_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    if (!drained) {
      // A worker may still be inside RocksDB: closing it under that thread could crash the JVM. Every
      // acknowledged write is already synced, so leaving it open loses nothing.
      LOG.severe("workers still busy: the store is left for the process exit to release");
    } else {
      try {
        // A member leaves the cluster, which closes its copy of the store.
        cluster.ifPresentOrElse(ClusterNode::close, store::close);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "closing the store failed: " + e.getClass().getName());
      }
    }
    LOG.log(Notice.LEVEL, "identity server stopped");
  }
}
