package io.rvnt.dht.probe;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.Dht;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.PeerInfo;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
import io.rvnt.p2p.transport.quic.QuicConfig;
import io.rvnt.p2p.transport.quic.QuicTransport;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The DHT health probe: from outside, dials each bootstrap node over every address given (TCP and QUIC), runs
 * identify and ping, asks FIND_NODE for random keys through it, runs lookups that start at it alone, checks that it
 * knows the other bootstrap nodes, and returns a plain {@link ProbeReport}. Uses a throwaway identity; blocking.
 */
public final class DhtProbe {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProbeConfig config;

  public DhtProbe(ProbeConfig config) {
    this.config = config;
  }

  /** Probes the nodes at {@code addresses}, each with its /p2p part; several addresses of one node are grouped. */
  public ProbeReport probe(List<Multiaddr> addresses) throws InterruptedException {
    Map<PeerId, List<Multiaddr>> nodes = new LinkedHashMap<>();
    for (Multiaddr a : addresses) {
      PeerId peer = a.peerIdMultihash().map(PeerId::fromMultihash)
          .orElseThrow(() -> new IllegalArgumentException("a bootstrap address needs its /p2p/PEER_ID part: " + a));
      nodes.computeIfAbsent(peer, p -> new ArrayList<>()).add(a);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      List<NodeReport> health = new ArrayList<>();
      for (Map.Entry<PeerId, List<Multiaddr>> node : nodes.entrySet()) {
        health.add(probeNode(node.getKey(), node.getValue(), nodes.keySet(), group, scheduler));
      }
      return new ProbeReport(ProbeReport.overall(health), health);
    } finally {
      scheduler.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
  }

  private NodeReport probeNode(PeerId peer, List<Multiaddr> addrs, Set<PeerId> all, EventLoopGroup group,
      ScheduledExecutorService scheduler) throws InterruptedException {
    List<TransportCheck> checks = new ArrayList<>();
    boolean speaksDht = false;
    String agent = "";
    int seen = 0;
    boolean converge = false;
    boolean knowsOthers = false;
    for (Multiaddr address : addrs) {
      // One probe host per address: a host reuses its connection to a peer, and each transport must be tried.
      Probe probe = new Probe(address, group, scheduler);
      try {
        Connection connection = probe.host.dial(address).get(timeoutMs(), TimeUnit.MILLISECONDS);
        IdentifyInfo info = probe.identify.identify(connection).get(timeoutMs(), TimeUnit.MILLISECONDS);
        speaksDht |= info.protocols().contains(config.protocolId());
        agent = info.agentVersion();
        Optional<Duration> latency = Optional.empty();
        Optional<String> error = Optional.empty();
        try {
          latency = Optional.of(ping(connection));
        } catch (ExecutionException | TimeoutException e) {
          error = Optional.of("ping failed: " + reason(e));
        }
        checks.add(new TransportCheck(address.toString(), transport(address), true, latency, error));
        if (checks.stream().filter(TransportCheck::reachable).count() == 1 && speaksDht) {
          PeerInfo target = new PeerInfo(peer, List.of(address.withoutPeerId()));
          seen = routingTableSeen(probe, target);
          converge = converges(probe, address);
          knowsOthers = knowsOthers(probe, target, peer, all);
        }
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        checks.add(new TransportCheck(address.toString(), transport(address), false, Optional.empty(),
            Optional.of(reason(e))));
      } finally {
        probe.close();
      }
    }
    boolean allReachable = checks.stream().allMatch(TransportCheck::reachable);
    boolean anyReachable = checks.stream().anyMatch(TransportCheck::reachable);
    boolean pings = checks.stream().filter(TransportCheck::reachable).allMatch(c -> c.latency().isPresent());
    Verdict verdict = !anyReachable ? Verdict.DOWN
        : allReachable && pings && speaksDht && converge && knowsOthers ? Verdict.HEALTHY : Verdict.DEGRADED;
    return new NodeReport(peer.toBase58(), checks, speaksDht, agent, seen, converge, knowsOthers, verdict);
  }

  private Duration ping(Connection connection) throws ExecutionException, TimeoutException, InterruptedException {
    PingController ping = connection.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
        .get(timeoutMs(), TimeUnit.MILLISECONDS);
    List<Duration> rtts = new ArrayList<>();
    for (int i = 0; i < config.pings(); i++) {
      rtts.add(ping.ping().get(timeoutMs(), TimeUnit.MILLISECONDS));
    }
    ping.close();
    rtts.sort(null);
    return rtts.get(rtts.size() / 2);
  }

  private int routingTableSeen(Probe probe, PeerInfo target) throws InterruptedException {
    Set<PeerId> seen = new HashSet<>();
    for (int i = 0; i < config.randomLookups(); i++) {
      try {
        KadMessage answer = probe.dht.ask(target, KadMessage.request(KadMessage.Type.FIND_NODE, randomKey()))
            .get(timeoutMs(), TimeUnit.MILLISECONDS);
        answer.closerPeers().forEach(p -> seen.add(p.id()));
      } catch (ExecutionException | TimeoutException e) {
        // Counted as nothing seen.
      }
    }
    return seen.size();
  }

  private boolean converges(Probe probe, Multiaddr address) throws InterruptedException {
    try {
      if (probe.dht.bootstrap(List.of(address)).get(timeoutMs(), TimeUnit.MILLISECONDS) != 1) {
        return false;
      }
      for (int i = 0; i < config.randomLookups(); i++) {
        List<PeerInfo> closest = probe.dht.getClosestPeers(randomKey())
            .get(timeoutMs() * 3, TimeUnit.MILLISECONDS);
        if (closest.isEmpty()) {
          return false;
        }
      }
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private boolean knowsOthers(Probe probe, PeerInfo target, PeerId self, Set<PeerId> all)
      throws InterruptedException {
    for (PeerId other : all) {
      if (other.equals(self)) {
        continue;
      }
      try {
        KadMessage answer = probe.dht.ask(target, KadMessage.request(KadMessage.Type.FIND_NODE, other.bytes()))
            .get(timeoutMs(), TimeUnit.MILLISECONDS);
        if (answer.closerPeers().stream().noneMatch(p -> p.id().equals(other))) {
          return false;
        }
      } catch (ExecutionException | TimeoutException e) {
        return false;
      }
    }
    return true;
  }

  private long timeoutMs() {
    return config.timeout().toMillis();
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  private static String transport(Multiaddr address) {
    return address.has(MultiaddrProtocol.QUIC_V1) ? "quic-v1" : address.has(MultiaddrProtocol.TCP) ? "tcp" : "?";
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause.getMessage() == null) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof TimeoutException ? "timed out"
        : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  /** A throwaway client: a host with one transport, identify, and the DHT in client mode. */
  private final class Probe {
    final P2pHost host;
    final Identify identify;
    final Dht dht;

    Probe(Multiaddr address, EventLoopGroup group, ScheduledExecutorService scheduler) {
      PrivKey key = Keys.generateEd25519(RANDOM);
      P2pLimits limits = P2pLimits.DEFAULTS.withHandshakeTimeout(config.timeout());
      Transport transport = address.has(MultiaddrProtocol.QUIC_V1)
          ? new QuicTransport(key, limits, QuicConfig.DEFAULTS, Clock.systemUTC(), group)
          : new TcpTransport(key, limits, group);
      host = new P2pHost(key, limits, List.of(transport));
      identify = new Identify(host, key.publicKey(), "rvnt-dht-probe", limits);
      identify.register();
      dht = new Dht(host, identify, DhtConfig.DEFAULTS.withProtocolId(config.protocolId()).withServerMode(false)
          .withRequestTimeout(config.timeout()), new InMemoryRecordStore(), Validators.rvntDefault(),
          Clock.systemUTC(), scheduler);
      dht.start();
    }

    void close() throws InterruptedException {
      dht.close();
      try {
        host.close().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Closing a probe host is best effort; its sockets go with the event loop group.
      }
    }
  }
}
