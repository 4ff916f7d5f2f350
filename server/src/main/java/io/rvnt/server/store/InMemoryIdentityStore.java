package io.rvnt.server.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The same key schema as {@link RocksDbIdentityStore} in a sorted map, for unit tests of the rules. Not durable.
 * Thread-safe: every method holds the instance's lock.
 */
public final class InMemoryIdentityStore implements IdentityStore {
  // Guarded by this. Keys are the UTF-8 keys of spec §10 as strings; they sort as RocksDB's bytes would.
  private final NavigableMap<String, byte[]> entries = new TreeMap<>();

  @Override
  public synchronized boolean register(String username, NewUser user) {
    if (entries.containsKey(key(StoreKeys.bundle(username)))) {
      return false;
    }
    entries.put(key(StoreKeys.bundle(username)), user.storedBundle());
    for (StoredPreKey preKey : user.oneTimePreKeys()) {
      entries.put(key(StoreKeys.opk(username, preKey.id())), preKey.publicKey());
    }
    entries.put(key(StoreKeys.pow(username)), user.powHash());
    entries.put(key(StoreKeys.meta(username)), user.storedMeta());
    return true;
  }

  @Override
  public synchronized Optional<byte[]> bundle(String username) {
    return Optional.ofNullable(entries.get(key(StoreKeys.bundle(username)))).map(byte[]::clone);
  }

  @Override
  public synchronized Optional<byte[]> meta(String username) {
    return Optional.ofNullable(entries.get(key(StoreKeys.meta(username)))).map(byte[]::clone);
  }

  @Override
  public synchronized Optional<StoredPreKey> takeOneTimePreKey(String username) {
    Map.Entry<String, byte[]> first = opks(username).pollFirstEntry();
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
  public synchronized boolean update(String username, PreKeyUpdate update) {
    if (!entries.containsKey(key(StoreKeys.bundle(username)))) {
      return false;
    }
    for (StoredPreKey preKey : update.addedOneTimePreKeys()) {
      entries.put(key(StoreKeys.opk(username, preKey.id())), preKey.publicKey());
    }
    update.storedBundle().ifPresent(bundle -> entries.put(key(StoreKeys.bundle(username)), bundle));
    entries.put(key(StoreKeys.meta(username)), update.storedMeta());
    return true;
  }

  @Override
  public synchronized boolean delete(String username) {
    boolean existed = entries.remove(key(StoreKeys.bundle(username))) != null;
    NavigableMap<String, byte[]> opks = opks(username);
    existed |= !opks.isEmpty();
    opks.clear();
    existed |= entries.remove(key(StoreKeys.pow(username))) != null;
    existed |= entries.remove(key(StoreKeys.meta(username))) != null;
    return existed;
  }

  @Override
  public synchronized long userCount() {
    return entries.subMap(StoreKeys.BUNDLE, true, StoreKeys.BUNDLE_END, false).size();
  }

  @Override
  public synchronized Map<String, byte[]> entries() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    entries.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public void close() {}

  private NavigableMap<String, byte[]> opks(String username) {
    return entries.subMap(key(StoreKeys.opkPrefix(username)), true, key(StoreKeys.opkPrefixEnd(username)), false);
  }

  private static String key(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
