package io.rvnt.dht;

import io.rvnt.daemon.ratelimit.KeyedRateLimiter;
import io.rvnt.dht.record.RecordKeeper;
import io.rvnt.dht.record.RecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.dht.routing.Key;
import io.rvnt.dht.routing.RoutingTable;
import io.rvnt.dht.wire.KadCodec;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Kademlia DHT node on a libp2p {@link Host} (libp2p kad-dht spec): the routing table, the server side (in server
 * mode) and the client operations — peer routing, values and provider records. Peers enter the routing table only
 * when identify says they speak the DHT protocol. The entry point of the module; thread-safe. The routing table is
 * kept by {@link RoutingTableUpkeep}, what this node publishes by {@link Publisher}.
 *
 * <p>Blocking work (the record store) runs on {@code scheduler}, never on the host's event loops.
 */
public final class Dht implements AutoCloseable {

  private final Host host;
  private final DhtConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final KadCodec codec;
  private final RoutingTable table;
  private final RecordKeeper records;
  private final KeyedRateLimiter<PeerId> limiter;
  private final DhtMetrics metrics;
  private final KadClient client;
  private final RoutingTableUpkeep upkeep;
  private final Publisher publisher;
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private volatile boolean closed;

  public Dht(Host host, Identify identify, DhtConfig config, RecordStore store, Validators validators, Clock clock,
      ScheduledExecutorService scheduler) {
    this.host = host;
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.metrics = new DhtMetrics(clock);
    this.codec = KadCodec.of(config);
    this.table = new RoutingTable(host.peerId(), config.k());
    this.records = new RecordKeeper(store, validators, config, clock);
    this.limiter = new KeyedRateLimiter<>(config.requestsPerSecond(), config.requestBurst(), clock);
    this.client = new KadClient(host, codec, config);
    this.upkeep = new RoutingTableUpkeep(host, identify, config, clock, table, client, metrics,
        this::getClosestPeers);
    this.publisher = new Publisher(host, records, clock, scheduler, client, this::getClosestPeers);
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
    return publisher.putValue(key, value);
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
    return publisher.provide(key);
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
    return new Lookup(target, host.peerId(), peer -> upkeep.request(peer, request), visitor, config.k(),
        config.alpha(), config.maxLookupQueries()).run(table.closest(target, config.k()));
  }

  /** Learns the remote of {@code connection} (see {@link RoutingTableUpkeep#learn}), unless this node is closed. */
  private CompletableFuture<Boolean> learn(Connection connection) {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    return upkeep.learn(connection);
  }

  /** The refresh interval's upkeep: the routing table, idle rate-limit buckets, expired records. */
  private void refresh() {
    if (closed) {
      return;
    }
    try {
      upkeep.refresh();
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
    publisher.republish();
  }
}
