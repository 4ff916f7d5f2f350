package io.rvnt.dht.record;

import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.DhtException;
import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.p2p.multiformats.UnsignedVarint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules of stored records and provider entries (kad-dht spec, "Value storage and retrieval", "Content provider
 * advertisement"): a value is stored only if its namespace's validator accepts it and it beats the stored one; every
 * entry expires {@code recordTtl} after it was received; a peer may have at most {@code maxRecordsPerPeer} entries
 * stored here (counted since this node started) and the node at most {@code maxRecords}. Calls block on the store.
 *
 * <p>{@link #count()} is the number of entries in the store, expired ones included until they are deleted: it is
 * counted once when the keeper opens, then changes only with the store, under this object's lock. An entry grows
 * it only when its store key was absent: overwriting a stored entry, live or expired, replaces it and is charged to
 * neither limit. An entry is deleted only if it is still the bytes that were found expired or invalid, so a purge
 * never removes a fresh record written in between.
 *
 * <p>Store layout: {@code 'r' + key} holds receivedAt (8 bytes, ms) + value; {@code 'p' + varint(len key) + key +
 * PeerId} holds receivedAt + the provider's addresses, each varint-length-prefixed.
 */
public final class RecordKeeper {

  private static final byte VALUE = 'r';
  private static final byte PROVIDER = 'p';

  private final RecordStore store;
  private final Validators validators;
  private final DhtConfig config;
  private final Clock clock;
  private final Map<PeerId, AtomicInteger> perPeer = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();

  public RecordKeeper(RecordStore store, Validators validators, DhtConfig config, Clock clock) {
    this.store = store;
    this.validators = validators;
    this.config = config;
    this.clock = clock;
    long[] n = {0};
    store.scan(new byte[0], (k, v) -> {
      n[0]++;
      return true;
    });
    count.set(n[0]);
  }

  public Validators validators() {
    return validators;
  }

  /** Entries (values and provider entries) stored now. */
  public long count() {
    return count.get();
  }

  /**
   * Stores a value a peer sent (PUT_VALUE), or this node's own ({@code from} empty).
   *
   * @throws DhtException INVALID_RECORD, TOO_LARGE or STORAGE_FULL; nothing is stored then
   */
  public void put(Optional<PeerId> from, byte[] key, byte[] value) {
    if (key.length > config.maxKeyBytes() || value.length > config.maxValueBytes()) {
      throw new DhtException(DhtException.Reason.TOO_LARGE, "record above the size limits");
    }
    Instant now = clock.instant();
    validators.validate(key, value, now);
    byte[] storeKey = valueKey(key);
    synchronized (this) {
      Optional<byte[]> stored = store.get(storeKey);
      Optional<byte[]> live = stored.filter(old -> !expired(old, now));
      if (live.isPresent()) {
        byte[] old = payload(live.get());
        boolean oldValid = isValid(key, old, now);
        if (oldValid && validators.select(key, List.of(old, value)) == 0) {
          if (java.util.Arrays.equals(old, value)) {
            return; // the same record again: stored already
          }
          throw new DhtException(DhtException.Reason.INVALID_RECORD, "a better record is stored");
        }
        store.put(storeKey, withTime(now, value));
      } else if (stored.isEmpty()) {
        putAdmitted(from, storeKey, withTime(now, value));
      } else {
        store.put(storeKey, withTime(now, value)); // an expired entry, counted already, is replaced in its place
      }
    }
  }

  /** The stored value of {@code key} if it is still valid; an expired or no longer valid one is deleted. */
  public Optional<StoredValue> get(byte[] key) {
    Instant now = clock.instant();
    byte[] storeKey = valueKey(key);
    Optional<byte[]> raw = store.get(storeKey);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (expired(raw.get(), now) || !isValid(key, payload(raw.get()), now)) {
      deleteIfUnchanged(storeKey, raw.get());
      return Optional.empty();
    }
    byte[] value = payload(raw.get());
    return Optional.of(new StoredValue(value, Instant.ofEpochMilli(receivedAt(raw.get()))));
  }

  /** A stored value and when it was received. */
  public record StoredValue(byte[] value, Instant receivedAt) {}

  /**
   * Records that {@code provider} provides {@code key}; a peer may only announce itself ({@code from} equal to the
   * provider, or empty for this node).
   */
  public void addProvider(Optional<PeerId> from, byte[] key, PeerInfo provider) {
    if (key.length > config.maxKeyBytes()) {
      throw new DhtException(DhtException.Reason.TOO_LARGE, "provider key above the size limit");
    }
    if (from.isPresent() && !from.get().equals(provider.id())) {
      throw new DhtException(DhtException.Reason.INVALID_RECORD, "a peer may only announce itself as provider");
    }
    Instant now = clock.instant();
    byte[] storeKey = providerKey(key, provider.id());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int n = 0;
    for (Multiaddr a : provider.addrs()) {
      if (n++ >= config.maxAddrsPerPeer()) {
        break;
      }
      byte[] bytes = a.bytes();
      body.writeBytes(UnsignedVarint.encode(bytes.length));
      body.writeBytes(bytes);
    }
    synchronized (this) {
      if (store.get(storeKey).isEmpty()) {
        putAdmitted(from, storeKey, withTime(now, body.toByteArray()));
      } else {
        store.put(storeKey, withTime(now, body.toByteArray()));
      }
    }
  }

  /** Up to {@code max} unexpired providers of {@code key}. */
  public List<PeerInfo> providers(byte[] key, int max) {
    Instant now = clock.instant();
    byte[] prefix = providerPrefix(key);
    List<PeerInfo> out = new ArrayList<>();
    List<Map.Entry<byte[], byte[]>> expired = new ArrayList<>();
    store.scan(prefix, (k, v) -> {
      if (expired(v, now)) {
        expired.add(Map.entry(k, v));
        return true;
      }
      try {
        PeerId id = PeerId.fromBytes(java.util.Arrays.copyOfRange(k, prefix.length, k.length));
        out.add(new PeerInfo(id, addrs(payload(v))));
      } catch (CryptoException | MultiformatException e) {
        expired.add(Map.entry(k, v)); // cannot be read back: not worth keeping
      }
      return out.size() < max;
    });
    expired.forEach(e -> deleteIfUnchanged(e.getKey(), e.getValue()));
    return out;
  }

  /** Deletes up to {@code max} expired entries; returns how many. */
  public int expire(int max) {
    Instant now = clock.instant();
    List<Map.Entry<byte[], byte[]>> expired = new ArrayList<>();
    store.scan(new byte[0], (k, v) -> {
      if (expired(v, now)) {
        expired.add(Map.entry(k, v));
      }
      return expired.size() < max;
    });
    int deleted = 0;
    for (Map.Entry<byte[], byte[]> e : expired) {
      deleted += deleteIfUnchanged(e.getKey(), e.getValue()) ? 1 : 0;
    }
    return deleted;
  }

  /** Stores a new entry within the limits; a write the store refuses (a full disk) is not counted. */
  private void putAdmitted(Optional<PeerId> from, byte[] storeKey, byte[] stored) {
    admit(from);
    try {
      store.put(storeKey, stored);
    } catch (RuntimeException e) {
      count.decrementAndGet();
      from.ifPresent(peer -> perPeer.get(peer).decrementAndGet());
      throw e;
    }
  }

  private void admit(Optional<PeerId> from) {
    if (count.get() >= config.maxRecords()) {
      throw new DhtException(DhtException.Reason.STORAGE_FULL, "the node stores " + config.maxRecords() + " entries");
    }
    if (from.isPresent()) {
      AtomicInteger n = perPeer.computeIfAbsent(from.get(), p -> new AtomicInteger());
      if (n.get() >= config.maxRecordsPerPeer()) {
        throw new DhtException(DhtException.Reason.STORAGE_FULL,
            "a peer may store " + config.maxRecordsPerPeer() + " entries");
      }
      n.incrementAndGet();
    }
    count.incrementAndGet();
  }

  /**
   * Deletes the entry if it still holds {@code seen}: a put may have replaced it since it was read. A full disk
   * may refuse even a deletion: the entry stays for a later purge, and the read that found it goes on.
   */
  private synchronized boolean deleteIfUnchanged(byte[] storeKey, byte[] seen) {
    Optional<byte[]> current = store.get(storeKey);
    if (current.isEmpty() || !java.util.Arrays.equals(current.get(), seen)) {
      return false;
    }
    try {
      store.delete(storeKey);
    } catch (DhtException e) {
      if (e.reason() != DhtException.Reason.STORAGE_FULL) {
        throw e;
      }
      return false;
    }
    count.decrementAndGet();
    return true;
  }

  private boolean isValid(byte[] key, byte[] value, Instant now) {
    try {
      validators.validate(key, value, now);
      return true;
    } catch (DhtException e) {
      return false;
    }
  }

  /** Past the record TTL; an entry too short to hold its time cannot be read back, so it counts as expired. */
  private boolean expired(byte[] stored, Instant now) {
    return stored.length < Long.BYTES || receivedAt(stored) + config.recordTtl().toMillis() <= now.toEpochMilli();
  }

  private static long receivedAt(byte[] stored) {
    return ByteBuffer.wrap(stored, 0, Long.BYTES).getLong();
  }

  private static byte[] payload(byte[] stored) {
    return java.util.Arrays.copyOfRange(stored, Long.BYTES, stored.length);
  }

  private static byte[] withTime(Instant now, byte[] payload) {
    return ByteBuffer.allocate(Long.BYTES + payload.length).putLong(now.toEpochMilli()).put(payload).array();
  }

  private static List<Multiaddr> addrs(byte[] body) {
    List<Multiaddr> out = new ArrayList<>();
    int offset = 0;
    while (offset < body.length) {
      long[] decoded = UnsignedVarint.decode(body, offset);
      int start = offset + (int) decoded[1];
      int end = start + (int) decoded[0];
      out.add(Multiaddr.decode(java.util.Arrays.copyOfRange(body, start, end)));
      offset = end;
    }
    return out;
  }

  private static byte[] valueKey(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = VALUE;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  private static byte[] providerPrefix(byte[] key) {
    byte[] len = UnsignedVarint.encode(key.length);
    byte[] out = new byte[1 + len.length + key.length];
    out[0] = PROVIDER;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(key, 0, out, 1 + len.length, key.length);
    return out;
  }

  private static byte[] providerKey(byte[] key, PeerId provider) {
    byte[] prefix = providerPrefix(key);
    byte[] id = provider.bytes();
    byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + id.length);
    System.arraycopy(id, 0, out, prefix.length, id.length);
    return out;
  }
}
