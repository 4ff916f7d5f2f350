package io.rvnt.relay.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link RelayStore} in memory, for tests of the rules: the same semantics as the RocksDB store without the
 * disk. A commit applies its writes under a lock, so a scan never sees half of one. Thread-safe.
 */
public final class MemoryRelayStore implements RelayStore {

  private final ConcurrentSkipListMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  private final Object commitLock = new Object();

  @Override
  public Optional<byte[]> get(byte[] key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  @Override
  public void scan(byte[] from, byte[] to, Visitor visitor) {
    Map<byte[], byte[]> range;
    synchronized (commitLock) {
      range = new LinkedHashMap<>(entries.subMap(from, true, to, false));
    }
    for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
      if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public Transaction begin() {
    return new Transaction() {
      // Staged writes in key order; a null value is a delete.
      private final TreeMap<byte[], byte[]> staged = new TreeMap<>(Arrays::compareUnsigned);

      @Override
      public Optional<byte[]> get(byte[] key) {
        if (staged.containsKey(key)) {
          return Optional.ofNullable(staged.get(key)).map(byte[]::clone);
        }
        return MemoryRelayStore.this.get(key);
      }

      @Override
      public void put(byte[] key, byte[] value) {
        staged.put(key.clone(), value.clone());
      }

      @Override
      public void delete(byte[] key) {
        staged.put(key.clone(), null);
      }

      @Override
      public void commit() {
        synchronized (commitLock) {
          staged.forEach((key, value) -> {
            if (value == null) {
              entries.remove(key);
            } else {
              entries.put(key, value);
            }
          });
        }
        staged.clear();
      }

      @Override
      public void close() {
        staged.clear();
      }
    };
  }

  /** Every entry, for tests that check what is stored. */
  public Map<byte[], byte[]> entries() {
    synchronized (commitLock) {
      Map<byte[], byte[]> copy = new TreeMap<>(Arrays::compareUnsigned);
      entries.forEach((k, v) -> copy.put(k.clone(), v.clone()));
      return copy;
    }
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
