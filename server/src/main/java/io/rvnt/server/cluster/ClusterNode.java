package io.rvnt.server.cluster;

import io.rvnt.server.config.ClusterConfig;
import io.rvnt.server.config.ClusterMember;
import io.rvnt.server.config.MemberRole;
import io.rvnt.server.ledger.Ledger;
import io.rvnt.server.store.IdentityStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;

/**
 * The identity server as a member of its replicated cluster (docs/cluster.md): the Raft server of the one group, its
 * state machine and copy of the store, the ledger the identity rules submit to, and what /metrics and
 * {@code cluster status} report. The data directory holds {@code state/} (this member's RocksDB copy) and {@code raft/}
 * (Ratis's log, metadata and snapshots). Thread-safe.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
  /**
   * Threads for the writes' retries and answers (short work: a retry hands a call over, an answer is decoded and
   * handed to the HTTP layer); a few, so that one closing a broken connection does not hold up the others.
   */
  private static final int WRITE_THREADS = 4;
  /** Operators' leadership transfers waiting for a thread; more is refused. */
  private static final int OPERATOR_QUEUE = 8;

  private final ClusterConfig config;
  private final ReplicaStore store;
  private final RaftServer server;
  private final RaftClient forwarder;
  private final ScheduledThreadPoolExecutor writeThreads;
  private final LeaderRoute route;
  private final WriteCalls writes;
  private final ThreadPoolExecutor operatorCalls;
  private final PeerWatch peers;
  private final RaftLedger ledger;
  private final AtomicLong leaderChanges;
  private final LeadershipTransfer transfer;

  private ClusterNode(ClusterConfig config, ReplicaStore store, RaftServer server, RaftClient forwarder,
      PeerWatch peers, AtomicLong leaderChanges, Parameters parameters) {
    this.config = config;
    this.store = store;
    this.server = server;
    this.forwarder = forwarder;
    this.peers = peers;
    this.leaderChanges = leaderChanges;
    RaftPeerId self = RaftPeerId.valueOf(config.self());
    this.writeThreads = new ScheduledThreadPoolExecutor(WRITE_THREADS, daemons("rvnt-cluster-write"));
    writeThreads.setRemoveOnCancelPolicy(true);
    this.route = new RaftRoute(server, RaftSettings.GROUP, self, forwarder.getClientRpc());
    this.writes = new WriteCalls(route, RaftSettings.GROUP, writeThreads, config.requestTimeout(),
        config.maxWritesInFlight());
    this.ledger = new RaftLedger(route, writes, RaftSettings.GROUP, self, config.requestTimeout());
    this.operatorCalls = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(OPERATOR_QUEUE), daemons("rvnt-cluster-operator"),
        new ThreadPoolExecutor.AbortPolicy());
    operatorCalls.allowCoreThreadTimeOut(true);
    this.transfer = new LeadershipTransfer(config, this::leader, timeout -> RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(RaftSettings.group(config))
        .setProperties(RaftSettings.operatorClient(timeout))
        .setParameters(parameters)
        .setRetryPolicy(RaftSettings.retriesWithin(timeout))
        .build(), operatorCalls);
  }

  private static ThreadFactory daemons(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Opens this member's copy, starts its Raft server and joins the group; returns once the listener is bound. */
  public static ClusterNode start(ClusterConfig config, Path dataDir) throws IOException {
    RatisLogging.silence();
    GrpcTlsConfig tls = MemberTls.of(config, MemberKeys.load(config.keyFile(), config.certificateFile()));
    Path raftDir = dataDir.resolve("raft");
    for (Path dir : List.of(dataDir, raftDir)) {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      }
    }
    RaftGroup group = RaftSettings.group(config);
    Parameters parameters = RaftSettings.tls(tls);
    ReplicaStore store = new ReplicaStore();
    AtomicLong leaderChanges = new AtomicLong();
    AtomicReference<RaftPeerId> leader = new AtomicReference<>();
    IdentityStateMachine stateMachine = new IdentityStateMachine(dataDir.resolve("state"), store, newLeader -> {
      RaftPeerId before = leader.getAndSet(newLeader);
      if (newLeader != null && !newLeader.equals(before)) {
        leaderChanges.incrementAndGet();
        LOG.info("the cluster's leader is now " + newLeader);
      }
    });
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.self()))
        .setGroup(group)
        .setStateMachine(stateMachine)
        .setProperties(RaftSettings.server(config, raftDir.toFile()))
        .setParameters(parameters)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      store.close();
      throw new IOException("the cluster member did not start: " + e.getMessage(), e);
    }
    RaftClient forwarder = RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(group)
        .setProperties(RaftSettings.client(config))
        .setParameters(parameters)
        .build();
    RaftClient statusClient = RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(group)
        .setProperties(RaftSettings.statusClient())
        .setParameters(parameters)
        .setRetryPolicy(org.apache.ratis.retry.RetryPolicies.noRetry())
        .build();
    List<ClusterMember> others = config.members().stream().filter(m -> !m.name().equals(config.self())).toList();
    return new ClusterNode(config, store, server, forwarder, new PeerWatch(statusClient, others), leaderChanges,
        parameters);
  }

  /** This member's copy of the store, for reads; every write goes through {@link #ledger()}. */
  public IdentityStore store() {
    return store;
  }

  public Ledger ledger() {
    return ledger;
  }

  public MemberRole role() {
    return config.me().role();
  }

  public String name() {
    return config.self();
  }

  /** The replication listener: its configured host (Ratis reports the wildcard) and the port it bound. */
  public InetSocketAddress raftAddress() {
    return new InetSocketAddress(config.raftListen().host(), server.getServerRpc().getInetSocketAddress().getPort());
  }

  /** The cluster as this member sees it now: its own figures, and each other member's last answer. */
  public ClusterStatus status() {
    DivisionInfo info = division().map(RaftServer.Division::getInfo).orElse(null);
    Optional<String> leader = Optional.ofNullable(info == null ? null : info.getLeaderId()).map(RaftPeerId::toString);
    long term = info == null ? 0 : info.getCurrentTerm();
    // -1 until this member applies its first entry: it lags then, even behind a commit index of 0.
    long lastApplied = info == null ? -1 : info.getLastAppliedIndex();
    long applied = Math.max(0, lastApplied);
    long commit = division().map(d -> d.getRaftLog().getLastCommittedIndex()).orElse(0L);
    long highestCommit = commit;
    for (ClusterMember member : config.members()) {
      if (!member.name().equals(config.self())) {
        highestCommit = Math.max(highestCommit, peers.seen(member.name()).commitIndex());
      }
    }
    List<MemberStatus> members = new ArrayList<>();
    members.add(new MemberStatus(config.self(), role(), info != null && info.isAlive(),
        info != null && info.isLeader(), term, applied, Math.max(0, highestCommit - lastApplied)));
    for (ClusterMember member : config.members()) {
      if (!member.name().equals(config.self())) {
        PeerWatch.Seen seen = peers.seen(member.name());
        members.add(new MemberStatus(member.name(), member.role(), seen.reachable(), seen.leader(), seen.term(),
            seen.appliedIndex(), Math.max(0, highestCommit - seen.appliedIndex())));
      }
    }
    return new ClusterStatus(config.self(), leader, term, Math.max(commit, highestCommit), applied,
        leaderChanges.get(), members);
  }

  /**
   * Serving, for {@code GET /health}: the Raft server runs, a leader is known (this member or another), and this
   * member has applied at least one entry and all but at most {@code cluster-max-healthy-lag} of the entries it knows
   * committed. Reads only in-memory state: it answers at once.
   */
  public boolean healthy() {
    Optional<RaftServer.Division> division = division();
    if (division.isEmpty()) {
      return false;
    }
    DivisionInfo info = division.get().getInfo();
    long lag = division.get().getRaftLog().getLastCommittedIndex() - info.getLastAppliedIndex();
    // A member that has applied no entry yet (not even the leader's first) could not help elect if the leader died.
    return info.isAlive() && info.getLeaderId() != null && info.getLastAppliedIndex() >= 0
        && lag <= config.maxHealthyLag();
  }

  /**
   * Moves leadership to the instance named {@code target} ({@code cluster transfer-leadership}): completes with
   * whether it led already, once it leads, or fails with a {@link TransferException} in a
   * {@link java.util.concurrent.CompletionException}. Never blocks the caller.
   */
  public CompletableFuture<Boolean> transferLeadership(String target) {
    return transfer.to(target);
  }

  /** The Raft server itself, for tests in this package that play a Raft client retrying a call. */
  RaftServer raftServer() {
    return server;
  }

  /** How this member reaches the leader, for tests in this package. */
  LeaderRoute route() {
    return route;
  }

  /** This member's writes waiting for their answers now. */
  int writesInFlight() {
    return writes.inFlight();
  }

  private Optional<RaftPeerId> leader() {
    return division().map(d -> d.getInfo().getLeaderId());
  }

  private Optional<RaftServer.Division> division() {
    try {
      return Optional.of(server.getDivision(RaftSettings.GROUP));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Leaves the cluster: stops asking the others, closes the clients, then the Raft server and the copy. */
  @Override
  public void close() {
    peers.close();
    writes.close();
    writeThreads.shutdownNow();
    operatorCalls.shutdownNow();
    try {
      forwarder.close();
    } catch (IOException e) {
      // Closing a client releases channels; nothing is lost if it fails.
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warning("the cluster member did not close cleanly: " + e.getClass().getName());
    }
    store.close();
  }
}
