package io.rvnt.dht;

import io.rvnt.dht.record.RecordKeeper;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Host;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What this node publishes (kad-dht spec "Value storage and retrieval", "Content provider advertisement"): values and
 * provider records go to the own store and to the k closest peers, and are sent again every republish interval for
 * as long as a value stays valid. Blocking work (the record store) runs on {@code scheduler}. Thread-safe.
 */
final class Publisher {

  private final Host host;
  private final RecordKeeper records;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final KadClient client;
  private final Function<byte[], CompletableFuture<List<PeerInfo>>> closestPeers;
  private final Map<ByteKey, byte[]> published = new ConcurrentHashMap<>();
  private final Set<ByteKey> provided = ConcurrentHashMap.newKeySet();

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

  /** @param closestPeers the iterative lookup that finds the peers a record goes to */
  Publisher(Host host, RecordKeeper records, Clock clock, ScheduledExecutorService scheduler, KadClient client,
      Function<byte[], CompletableFuture<List<PeerInfo>>> closestPeers) {
    this.host = host;
    this.records = records;
    this.clock = clock;
    this.scheduler = scheduler;
    this.client = client;
    this.closestPeers = closestPeers;
  }

  /** See {@link Dht#putValue}. */
  CompletableFuture<Integer> putValue(byte[] key, byte[] value) {
    byte[] k = key.clone();
    byte[] v = value.clone();
    return CompletableFuture.runAsync(() -> records.put(Optional.empty(), k, v), scheduler).thenCompose(x -> {
      published.put(new ByteKey(k), v);
      return replicate(k, v);
    });
  }

  /** See {@link Dht#provide}. */
  CompletableFuture<Integer> provide(byte[] key) {
    byte[] k = key.clone();
    PeerInfo self = self();
    return CompletableFuture.runAsync(() -> records.addProvider(Optional.empty(), k, self), scheduler)
        .thenCompose(x -> {
          provided.add(new ByteKey(k));
          return announce(k, self);
        });
  }

  /** Sends every value still valid and every provided key again; an expired value is forgotten. */
  void republish() {
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

  private CompletableFuture<Integer> replicate(byte[] key, byte[] value) {
    KadMessage put = new KadMessage(KadMessage.Type.PUT_VALUE, key,
        Optional.of(new KadMessage.WireRecord(key, value, "")), List.of(), List.of());
    return closestPeers.apply(key).thenCompose(peers -> countSuccesses(peers, put));
  }

  private CompletableFuture<Integer> announce(byte[] key, PeerInfo self) {
    KadMessage add = new KadMessage(KadMessage.Type.ADD_PROVIDER, key, Optional.empty(), List.of(), List.of(self));
    return closestPeers.apply(key).thenCompose(peers -> countSuccesses(peers, add));
  }

  private CompletableFuture<Integer> countSuccesses(List<PeerInfo> peers, KadMessage request) {
    List<CompletableFuture<Boolean>> sends = new ArrayList<>();
    for (PeerInfo p : peers) {
      sends.add(client.request(p, request).handle((r, e) -> e == null));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApply(v -> (int) sends.stream().filter(CompletableFuture::join).count());
  }

  private PeerInfo self() {
    return new PeerInfo(host.peerId(), host.listenAddresses().stream().filter(PeerInfo::dialable).toList());
  }
}
