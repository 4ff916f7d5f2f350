package io.rvnt.dht.record;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Where the DHT keeps records and provider entries: keys and bytes, nothing else; the rules live in
 * {@link RecordKeeper}. Implementations are thread-safe and may block (disk): the DHT calls them off the event
 * loops.
 */
public interface RecordStore extends AutoCloseable {

  Optional<byte[]> get(byte[] key);

  /** Stores {@code value} under {@code key}; durable once it returns (a crash keeps it). */
  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /**
   * Calls {@code visitor} with every entry whose key starts with {@code prefix}, in key order, until it returns
   * false.
   */
  void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor);

  @Override
  void close();
}
