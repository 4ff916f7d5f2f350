package io.rvnt.dht.record;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiPredicate;

/** A {@link RecordStore} in memory, for client nodes and tests; a restart loses everything. */
public final class InMemoryRecordStore implements RecordStore {

  private final ConcurrentSkipListMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  @Override
  public Optional<byte[]> get(byte[] key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    entries.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    entries.remove(key);
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    for (Map.Entry<byte[], byte[]> e : entries.tailMap(prefix, true).entrySet()) {
      if (!startsWith(e.getKey(), prefix) || !visitor.test(e.getKey().clone(), e.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public void close() {}

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
