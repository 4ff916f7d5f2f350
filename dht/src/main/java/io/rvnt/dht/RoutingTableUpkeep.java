package io.rvnt.dht;

import io.rvnt.dht.routing.RoutingTable;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps the routing table filled and true (Kademlia paper §2.2 and §2.3, kad-dht spec "Peer routing"): a peer enters
 * when identify says it speaks the DHT protocol; a full bucket keeps its oldest peer while that one still answers; an
 * answer refreshes its peer and a peer that can no longer be reached leaves; each refresh pings the stale entries and
 * looks up the own key and a random one. Thread-safe.
 */
final class RoutingTableUpkeep {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Host host;
  private final Identify identify;
  private final DhtConfig config;
  private final Clock clock;
  private final RoutingTable table;
  private final KadClient client;
  private final DhtMetrics metrics;
  private final Function<byte[], CompletableFuture<List<PeerInfo>>> closestPeers;
  private final Set<PeerId> livenessChecks = ConcurrentHashMap.newKeySet();
  private final Map<Connection, CompletableFuture<Boolean>> learning = new ConcurrentHashMap<>();

  /** @param closestPeers the iterative lookup a refresh runs to refill the buckets */
  RoutingTableUpkeep(Host host, Identify identify, DhtConfig config, Clock clock, RoutingTable table,
      KadClient client, DhtMetrics metrics, Function<byte[], CompletableFuture<List<PeerInfo>>> closestPeers) {
    this.host = host;
    this.identify = identify;
    this.config = config;
    this.clock = clock;
    this.table = table;
    this.client = client;
    this.metrics = metrics;
    this.closestPeers = closestPeers;
  }

  /**
   * Identifies the remote of {@code connection} and adds it to the table if it speaks the DHT protocol. Once per
   * connection: js-libp2p accepts one identify stream at a time, and the connection listener and
   * {@link Dht#bootstrap} both ask.
   */
  CompletableFuture<Boolean> learn(Connection connection) {
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> running = learning.putIfAbsent(connection, mine);
    if (running != null) {
      return running;
    }
    connection.closeFuture().whenComplete((v, e) -> learning.remove(connection));
    identify.identify(connection).thenApply(info -> {
      if (!info.protocols().contains(config.protocolId())) {
        return false;
      }
      offer(new PeerInfo(connection.remotePeerId(), dialable(info)));
      return true;
    }).exceptionally(e -> false).thenAccept(mine::complete);
    return mine;
  }

  /** A request whose outcome feeds the routing table: an answer proves liveness, an unreachable peer leaves. */
  CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
    return client.request(peer, request).whenComplete((response, error) -> {
      if (error == null) {
        table.touch(peer.id(), clock.instant());
      } else {
        metrics.outboundFailure();
        if (!connected(peer.id())) {
          table.remove(peer.id());
        }
      }
    });
  }

  /** Pings the entries not heard from within a refresh interval, and looks up the own key and a random one. */
  void refresh() {
    for (RoutingTable.Entry e : table.staleEntries(clock.instant().minus(config.refreshInterval()),
        2 * config.k())) {
      ping(e.peer()).thenAccept(alive -> {
        if (alive) {
          table.touch(e.peer().id(), clock.instant());
        } else {
          table.remove(e.peer().id());
        }
      });
    }
    closestPeers.apply(host.peerId().bytes());
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    closestPeers.apply(random);
  }

  private void offer(PeerInfo peer) {
    if (table.offer(peer, clock.instant()) instanceof RoutingTable.Offer.BucketFull full) {
      PeerInfo oldest = full.oldest().peer();
      if (!livenessChecks.add(oldest.id())) {
        return;
      }
      ping(oldest).whenComplete((alive, e) -> {
        livenessChecks.remove(oldest.id());
        if (alive) {
          table.touch(oldest.id(), clock.instant());
        } else {
          table.replace(oldest.id(), peer, clock.instant());
        }
      });
    }
  }

  private CompletableFuture<Boolean> ping(PeerInfo peer) {
    return client.request(peer, KadMessage.request(KadMessage.Type.PING, new byte[0])).handle((r, e) -> e == null);
  }

  private boolean connected(PeerId peer) {
    for (Connection c : host.connections()) {
      if (c.remotePeerId().equals(peer)) {
        return true;
      }
    }
    return false;
  }

  private static List<Multiaddr> dialable(IdentifyInfo info) {
    return info.listenAddrs().stream().filter(PeerInfo::dialable).map(Multiaddr::withoutPeerId).toList();
  }
}
