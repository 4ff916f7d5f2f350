package io.rvnt.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The same key schema as {@link RocksDbIdentityStore} in a sorted map, for unit tests of the rules. Not durable.
 * Thread-safe: every method holds the instance's lock.
 */
public final class InMemoryIdentityStore implements IdentityStore {
  // Guarded by this. Keys are the UTF-8 keys of spec §10 as strings; they sort as RocksDB's bytes would.
  private final NavigableMap<String, byte[]> entries = new TreeMap<>();

  @Override
  public synchronized Optional<byte[]> bundle(String username) {
    return get(StoreKeys.bundle(username));
  }

  @Override
  public synchronized Optional<byte[]> meta(String username) {
    return get(StoreKeys.meta(username));
  }

  @Override
  public synchronized Optional<StoredPreKey> firstOneTimePreKey(String username) {
    Map.Entry<String, byte[]> first = opks(username).firstEntry();
    return first == null
        ? Optional.empty()
        : Optional.of(new StoredPreKey(StoreKeys.idOf(StoreKeys.utf8(first.getKey())), first.getValue()));
  }

  @Override
  public synchronized List<Integer> oneTimePreKeyIds(String username) {
    List<Integer> ids = new ArrayList<>();
    for (String key : opks(username).keySet()) {
      ids.add(StoreKeys.idOf(StoreKeys.utf8(key)));
    }
    return ids;
  }

  @Override
  public synchronized int oneTimePreKeyCount(String username) {
    return opks(username).size();
  }

  @Override
  public synchronized OptionalLong replayExpiry(byte[] digest) {
    return get(StoreKeys.replay(new ReplayEntry(digest, 0)))
        .map(value -> OptionalLong.of(ByteBuffer.wrap(value).getLong()))
        .orElse(OptionalLong.empty());
  }

  @Override
  public synchronized ReplaySweep replaySweep(long nowMs) {
    List<ReplayEntry> expired = new ArrayList<>();
    for (String key : range(StoreKeys.REPLAY_EXPIRY, StoreKeys.REPLAY_EXPIRY_END).keySet()) {
      ReplayEntry entry = StoreKeys.replayOf(StoreKeys.utf8(key));
      if (entry.expiresAtMs() > nowMs) {
        return new ReplaySweep(expired, OptionalLong.of(entry.expiresAtMs()));
      }
      expired.add(entry);
    }
    return new ReplaySweep(expired, OptionalLong.empty());
  }

  @Override
  public synchronized long replayCount() {
    return range(StoreKeys.REPLAY, StoreKeys.REPLAY_END).size();
  }

  @Override
  public synchronized Optional<AppliedIndex> applied() {
    return get(StoreKeys.utf8(StoreKeys.APPLIED)).map(value -> {
      ByteBuffer buffer = ByteBuffer.wrap(value);
      return new AppliedIndex(buffer.getLong(), buffer.getLong());
    });
  }

  @Override
  public synchronized void write(StoreBatch batch) {
    // Applied to a copy first, so that the write is all or nothing.
    NavigableMap<String, byte[]> next = new TreeMap<>(entries);
    batch.applyTo(new MapWriter(next));
    batch.appliedIndex().ifPresent(applied -> next.put(StoreKeys.APPLIED,
        ByteBuffer.allocate(16).putLong(applied.term()).putLong(applied.index()).array()));
    entries.clear();
    entries.putAll(next);
  }

  @Override
  public synchronized long userCount() {
    return range(StoreKeys.BUNDLE, StoreKeys.BUNDLE_END).size();
  }

  @Override
  public synchronized Map<String, byte[]> entries() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    entries.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public void close() {}

  private Optional<byte[]> get(byte[] key) {
    return Optional.ofNullable(entries.get(key(key))).map(byte[]::clone);
  }

  private NavigableMap<String, byte[]> opks(String username) {
    return entries.subMap(key(StoreKeys.opkPrefix(username)), true, key(StoreKeys.opkPrefixEnd(username)), false);
  }

  private NavigableMap<String, byte[]> range(String from, String to) {
    return entries.subMap(from, true, to, false);
  }

  private static String key(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** A batch's changes as map entries. */
  private record MapWriter(NavigableMap<String, byte[]> map) implements StoreBatch.Target {
    @Override
    public void putUser(String username, NewUser user) {
      map.put(key(StoreKeys.bundle(username)), user.storedBundle());
      putOneTimePreKeys(username, user.oneTimePreKeys());
      map.put(key(StoreKeys.pow(username)), user.powHash());
      map.put(key(StoreKeys.meta(username)), user.storedMeta());
    }

    @Override
    public void putOneTimePreKeys(String username, List<StoredPreKey> preKeys) {
      for (StoredPreKey preKey : preKeys) {
        map.put(key(StoreKeys.opk(username, preKey.id())), preKey.publicKey());
      }
    }

    @Override
    public void deleteOneTimePreKey(String username, int id) {
      map.remove(key(StoreKeys.opk(username, id)));
    }

    @Override
    public void putBundle(String username, byte[] storedBundle) {
      map.put(key(StoreKeys.bundle(username)), storedBundle.clone());
    }

    @Override
    public void putMeta(String username, byte[] storedMeta) {
      map.put(key(StoreKeys.meta(username)), storedMeta.clone());
    }

    @Override
    public void deleteUser(String username) {
      map.remove(key(StoreKeys.bundle(username)));
      map.subMap(key(StoreKeys.opkPrefix(username)), true, key(StoreKeys.opkPrefixEnd(username)), false).clear();
      map.remove(key(StoreKeys.pow(username)));
      map.remove(key(StoreKeys.meta(username)));
    }

    @Override
    public void putReplay(ReplayEntry entry) {
      map.put(key(StoreKeys.replay(entry)), ByteBuffer.allocate(8).putLong(entry.expiresAtMs()).array());
      map.put(key(StoreKeys.replayExpiry(entry)), new byte[0]);
    }

    @Override
    public void deleteReplay(ReplayEntry entry) {
      map.remove(key(StoreKeys.replay(entry)));
      map.remove(key(StoreKeys.replayExpiry(entry)));
    }
  }
}
