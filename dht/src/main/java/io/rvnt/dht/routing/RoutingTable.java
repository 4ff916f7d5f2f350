package io.rvnt.dht.routing;

import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Kademlia k-buckets (Kademlia paper §2.2, kad-dht spec "Routing table"): bucket {@code i} holds up to {@code k}
 * peers whose key shares exactly {@code i} leading bits with the local key, least recently seen first. A peer for a
 * full bucket is not added outright: the caller checks the least recently seen entry and, only if it is dead,
 * {@link #replace replaces} it, so long-lived peers are preferred. Thread-safe (guarded by this).
 */
public final class RoutingTable {

  /** One entry: who, where, and when it was last heard from. */
  public record Entry(PeerInfo peer, Key key, Instant lastSeen) {}

  /** What {@link #offer} did. */
  public sealed interface Offer {
    /** Added, or already present and refreshed. */
    record Added() implements Offer {}

    /** The bucket is full; {@code oldest} should be checked and replaced if it is dead. */
    record BucketFull(Entry oldest) implements Offer {}

    /** The local peer itself, never added. */
    record Self() implements Offer {}
  }

  private final Key localKey;
  private final int k;
  private final List<LinkedHashMap<PeerId, Entry>> buckets = new ArrayList<>();

  public RoutingTable(PeerId local, int k) {
    this.localKey = Key.of(local);
    this.k = k;
    for (int i = 0; i < Key.BITS; i++) {
      buckets.add(new LinkedHashMap<>());
    }
  }

  public Key localKey() {
    return localKey;
  }

  /** Adds or refreshes {@code peer}, seen at {@code now}. */
  public synchronized Offer offer(PeerInfo peer, Instant now) {
    Key key = Key.of(peer.id());
    int index = localKey.commonPrefixLength(key);
    if (index == Key.BITS) {
      return new Offer.Self();
    }
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(index);
    Entry old = bucket.remove(peer.id());
    if (old != null || bucket.size() < k) {
      List<Multiaddr> addrs = peer.addrs().isEmpty() && old != null ? old.peer().addrs() : peer.addrs();
      bucket.put(peer.id(), new Entry(new PeerInfo(peer.id(), addrs), key, now));
      return new Offer.Added();
    }
    return new Offer.BucketFull(bucket.values().iterator().next());
  }

  /** Marks a present peer as alive at {@code now}, moving it to the tail of its bucket. */
  public synchronized void touch(PeerId peer, Instant now) {
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(bucketIndex(peer));
    Entry old = bucket.remove(peer);
    if (old != null) {
      bucket.put(peer, new Entry(old.peer(), old.key(), now));
    }
  }

  /** Replaces the dead {@code oldest} with {@code candidate}, if the oldest is still there and there is room. */
  public synchronized boolean replace(PeerId oldest, PeerInfo candidate, Instant now) {
    LinkedHashMap<PeerId, Entry> bucket = buckets.get(bucketIndex(candidate.id()));
    bucket.remove(oldest);
    if (bucket.size() >= k || bucket.containsKey(candidate.id())) {
      return false;
    }
    bucket.put(candidate.id(), new Entry(candidate, Key.of(candidate.id()), now));
    return true;
  }

  public synchronized boolean remove(PeerId peer) {
    return buckets.get(bucketIndex(peer)).remove(peer) != null;
  }

  public synchronized Optional<Entry> find(PeerId peer) {
    int index = bucketIndex(peer);
    return index == Key.BITS ? Optional.empty() : Optional.ofNullable(buckets.get(index).get(peer));
  }

  /** The {@code n} entries closest to {@code target}, closest first. */
  public synchronized List<PeerInfo> closest(Key target, int n) {
    List<Entry> all = new ArrayList<>();
    for (LinkedHashMap<PeerId, Entry> bucket : buckets) {
      all.addAll(bucket.values());
    }
    all.sort(Comparator.comparing(Entry::key, target::compareDistance));
    List<PeerInfo> out = new ArrayList<>(Math.min(n, all.size()));
    for (Iterator<Entry> it = all.iterator(); it.hasNext() && out.size() < n; ) {
      out.add(it.next().peer());
    }
    return out;
  }

  /** Entries last seen before {@code cutoff}, at most {@code max}, for a liveness check. */
  public synchronized List<Entry> staleEntries(Instant cutoff, int max) {
    List<Entry> out = new ArrayList<>();
    for (LinkedHashMap<PeerId, Entry> bucket : buckets) {
      for (Entry e : bucket.values()) {
        if (out.size() >= max) {
          return out;
        }
        if (e.lastSeen().isBefore(cutoff)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  public synchronized int size() {
    int n = 0;
    for (LinkedHashMap<PeerId, Entry> bucket : buckets) {
      n += bucket.size();
    }
    return n;
  }

  /** Occupancy of each bucket, index = shared prefix length with the local key. */
  public synchronized int[] bucketSizes() {
    int[] sizes = new int[Key.BITS];
    for (int i = 0; i < Key.BITS; i++) {
      sizes[i] = buckets.get(i).size();
    }
    return sizes;
  }

  public int k() {
    return k;
  }

  private int bucketIndex(PeerId peer) {
    return Math.min(localKey.commonPrefixLength(Key.of(peer)), Key.BITS - 1);
  }
}
