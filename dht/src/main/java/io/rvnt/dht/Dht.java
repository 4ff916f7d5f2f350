package io.rvnt.dht;

import io.rvnt.dht.record.RecordKeeper;
import io.rvnt.dht.record.RecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.dht.routing.Key;
import io.rvnt.dht.routing.RoutingTable;
import io.rvnt.dht.rpc.PeerRateLimiter;
import io.rvnt.dht.wire.KadCodec;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Kademlia DHT node on a libp2p {@link Host} (libp2p kad-dht spec): the routing table, the server side (in server
 * mode) and the client operations — peer routing, values and provider records. Peers enter the routing table only
 * when identify says they speak the DHT protocol. The entry point of the module; thread-safe.
 *
 * <p>Blocking work (the record store) runs on {@code scheduler}, never on the host's event loops.
 */
public final class Dht implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Host host;
  private final Identify identify;
  private final DhtConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final KadCodec codec;
  private final RoutingTable table;
  private final RecordKeeper records;
  private final PeerRateLimiter limiter;
  private final DhtMetrics metrics;
  private final KadClient client;
  private final Set<PeerId> livenessChecks = ConcurrentHashMap.newKeySet();
  private final Map<Connection, CompletableFuture<Boolean>> learning = new ConcurrentHashMap<>();
  private final Map<ByteKey, byte[]> published = new ConcurrentHashMap<>();
  private final Set<ByteKey> provided = ConcurrentHashMap.newKeySet();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private volatile boolean closed;

  /** A byte array usable as a map key. */
  private record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  public Dht(Host host, Identify identify, DhtConfig config, RecordStore store, Validators validators, Clock clock,
      ScheduledExecutorService scheduler) {
    this.host = host;
    this.identify = identify;
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.metrics = new DhtMetrics(clock);
    this.codec = KadCodec.of(config);
    this.table = new RoutingTable(host.peerId(), config.k());
    this.records = new RecordKeeper(store, validators, config, clock);
    this.limiter = new PeerRateLimiter(config.requestsPerSecond(), config.requestBurst(), clock);
    this.client = new KadClient(host, codec, config);
  }

  /**
   * Serves the protocol (server mode), learns peers from every connection, and schedules the routing-table refresh,
   * record expiry and republishing.
   */
  public void start() {
    if (config.serverMode()) {
      host.addProtocol(config.protocolId(),
          new KadServer(codec, config, table, records, limiter, metrics, scheduler));
    }
    host.addConnectionListener(this::learn);
    long refresh = config.refreshInterval().toMillis();
    long republish = config.republishInterval().toMillis();
    tasks.add(scheduler.scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS));
    tasks.add(scheduler.scheduleWithFixedDelay(this::republish, republish, republish, TimeUnit.MILLISECONDS));
  }

  public DhtConfig config() {
    return config;
  }

  public RoutingTable routingTable() {
    return table;
  }

  public DhtMetrics metrics() {
    return metrics;
  }

  /** Records and provider entries stored on this node. */
  public long storedRecords() {
    return records.count();
  }

  /**
   * Joins the DHT through {@code peers} (addresses with /p2p): dials each, adds those that speak the protocol,
   * then looks up the own key so that the nodes close to this one learn of it. Completes with how many of
   * {@code peers} were reached.
   */
  public CompletableFuture<Integer> bootstrap(List<Multiaddr> peers) {
    List<CompletableFuture<Boolean>> joins = new ArrayList<>();
    for (Multiaddr address : peers) {
      joins.add(host.dial(address).thenCompose(this::learn).handle((ok, e) -> e == null && ok));
    }
    return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      int reached = (int) joins.stream().filter(CompletableFuture::join).count();
      return getClosestPeers(host.peerId().bytes()).thenApply(closest -> reached);
    });
  }

  /** The k peers closest to {@code key} (SHA-256 distance), found by an iterative FIND_NODE lookup. */
  public CompletableFuture<List<PeerInfo>> getClosestPeers(byte[] key) {
    return lookup(KadMessage.request(KadMessage.Type.FIND_NODE, key), (from, response) -> false);
  }

  /** Finds where {@code peer} can be reached: the routing table first, then a lookup. */
  public CompletableFuture<Optional<PeerInfo>> findPeer(PeerId peer) {
    Optional<PeerInfo> known = table.find(peer).map(RoutingTable.Entry::peer).filter(p -> !p.addrs().isEmpty());
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    PeerInfo[] found = new PeerInfo[1];
    return lookup(KadMessage.request(KadMessage.Type.FIND_NODE, peer.bytes()), (from, response) -> {
      for (PeerInfo p : response.closerPeers()) {
        if (p.id().equals(peer) && !p.addrs().isEmpty()) {
          found[0] = p;
          return true;
        }
      }
      return false;
    }).thenApply(closest -> {
      synchronized (found) {
        return Optional.ofNullable(found[0]);
      }
    });
  }

  /**
   * Stores {@code value} under {@code key} here and on the k closest peers; this node republishes it every
   * republish interval. Completes with how many peers acknowledged it; fails if the value is invalid.
   */
  public CompletableFuture<Integer> putValue(byte[] key, byte[] value) {
    byte[] k = key.clone();
    byte[] v = value.clone();
    return CompletableFuture.runAsync(() -> records.put(Optional.empty(), k, v), scheduler).thenCompose(x -> {
      published.put(new ByteKey(k), v);
      return replicate(k, v);
    });
  }

  /**
   * The best valid value of {@code key}: this node's and those of the peers on the lookup path, until
   * {@code valueQuorum} valid ones are seen.
   */
  public CompletableFuture<Optional<byte[]>> getValue(byte[] key) {
    byte[] k = key.clone();
    return CompletableFuture.supplyAsync(() -> records.get(k), scheduler).thenCompose(local -> {
      List<byte[]> found = new ArrayList<>();
      local.ifPresent(s -> found.add(s.value()));
      return lookup(KadMessage.request(KadMessage.Type.GET_VALUE, k), (from, response) -> {
        if (response.record().isPresent() && Arrays.equals(response.record().get().key(), k)) {
          byte[] value = response.record().get().value();
          try {
            records.validators().validate(k, value, clock.instant());
            synchronized (found) {
              found.add(value);
              return found.size() >= config.valueQuorum();
            }
          } catch (DhtException e) {
            metrics.refuse(e.reason());
          }
        }
        return false;
      }).thenApply(closest -> {
        synchronized (found) {
          return found.isEmpty() ? Optional.<byte[]>empty()
              : Optional.of(found.get(records.validators().select(k, found)));
        }
      });
    });
  }

  /** Announces this node as a provider of {@code key} here and on the k closest peers. */
  public CompletableFuture<Integer> provide(byte[] key) {
    byte[] k = key.clone();
    PeerInfo self = self();
    return CompletableFuture.runAsync(() -> records.addProvider(Optional.empty(), k, self), scheduler)
        .thenCompose(x -> {
          provided.add(new ByteKey(k));
          return announce(k, self);
        });
  }

  /** Up to {@code max} providers of {@code key}, this node's knowledge first, then a lookup. */
  public CompletableFuture<List<PeerInfo>> findProviders(byte[] key, int max) {
    byte[] k = key.clone();
    return CompletableFuture.supplyAsync(() -> records.providers(k, max), scheduler).thenCompose(local -> {
      Map<PeerId, PeerInfo> found = new LinkedHashMap<>();
      local.forEach(p -> found.put(p.id(), p));
      if (found.size() >= max) {
        return CompletableFuture.completedFuture(List.copyOf(found.values()));
      }
      return lookup(KadMessage.request(KadMessage.Type.GET_PROVIDERS, k), (from, response) -> {
        synchronized (found) {
          for (PeerInfo p : response.providerPeers()) {
            if (found.size() < max) {
              found.putIfAbsent(p.id(), p);
            }
          }
          return found.size() >= max;
        }
      }).thenApply(closest -> {
        synchronized (found) {
          return List.copyOf(found.values());
        }
      });
    });
  }

  /** Sends one request to one peer (the probe and tests use it to ask a given node). */
  public CompletableFuture<KadMessage> ask(PeerInfo peer, KadMessage request) {
    return client.request(peer, request);
  }

  @Override
  public void close() {
    closed = true;
    tasks.forEach(t -> t.cancel(false));
    if (config.serverMode()) {
      host.removeProtocol(config.protocolId());
    }
  }

  private CompletableFuture<List<PeerInfo>> lookup(KadMessage request, Lookup.Visitor visitor) {
    metrics.lookup();
    Key target = Key.of(request.key());
    return new Lookup(target, host.peerId(), peer -> ask(peer, request, true), visitor, config.k(), config.alpha(),
        config.maxLookupQueries()).run(table.closest(target, config.k()));
  }

  /** A request whose outcome feeds the routing table: an answer proves liveness, an unreachable peer leaves. */
  private CompletableFuture<KadMessage> ask(PeerInfo peer, KadMessage request, boolean updateTable) {
    return client.request(peer, request).whenComplete((response, error) -> {
      if (!updateTable) {
        return;
      }
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

  private CompletableFuture<Integer> replicate(byte[] key, byte[] value) {
    KadMessage put = new KadMessage(KadMessage.Type.PUT_VALUE, key,
        Optional.of(new KadMessage.WireRecord(key, value, "")), List.of(), List.of());
    return getClosestPeers(key).thenCompose(peers -> countSuccesses(peers, put));
  }

  private CompletableFuture<Integer> announce(byte[] key, PeerInfo self) {
    KadMessage add = new KadMessage(KadMessage.Type.ADD_PROVIDER, key, Optional.empty(), List.of(), List.of(self));
    return getClosestPeers(key).thenCompose(peers -> countSuccesses(peers, add));
  }

  private CompletableFuture<Integer> countSuccesses(List<PeerInfo> peers, KadMessage request) {
    List<CompletableFuture<Boolean>> sends = new ArrayList<>();
    for (PeerInfo p : peers) {
      sends.add(ask(p, request, false).handle((r, e) -> e == null));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApply(v -> (int) sends.stream().filter(CompletableFuture::join).count());
  }

  /**
   * Identifies the remote of {@code connection} and adds it to the table if it speaks the DHT protocol. Once per
   * connection: js-libp2p accepts one identify stream at a time, and the connection listener and
   * {@link #bootstrap} both ask.
   */
  private CompletableFuture<Boolean> learn(Connection connection) {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
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

  private void refresh() {
    if (closed) {
      return;
    }
    try {
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
      getClosestPeers(host.peerId().bytes());
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      getClosestPeers(random);
      limiter.forgetIdle();
      records.expire(10_000);
    } catch (RuntimeException e) {
      // The next round tries again; a failed refresh must not cancel the schedule.
    }
  }

  private void republish() {
    if (closed) {
      return;
    }
    published.forEach((k, v) -> {
      try {
        records.validators().validate(k.bytes(), v, clock.instant());
        replicate(k.bytes(), v);
      } catch (DhtException e) {
        published.remove(k); // no longer valid (expired): its publisher must sign a new one
      }
    });
    PeerInfo self = self();
    provided.forEach(k -> announce(k.bytes(), self));
  }

  private PeerInfo self() {
    return new PeerInfo(host.peerId(), host.listenAddresses().stream().filter(Dht::dialable).toList());
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
    return info.listenAddrs().stream().filter(Dht::dialable).map(Multiaddr::withoutPeerId).toList();
  }

  /** Unspecified addresses (0.0.0.0, ::) are where a node listens, not where it can be reached. */
  static boolean dialable(Multiaddr address) {
    Optional<String> ip4 = address.valueText(MultiaddrProtocol.IP4);
    Optional<String> ip6 = address.valueText(MultiaddrProtocol.IP6);
    return !(ip4.isPresent() && ip4.get().equals("0.0.0.0")) && !(ip6.isPresent() && ip6.get().equals("::"));
  }
}
