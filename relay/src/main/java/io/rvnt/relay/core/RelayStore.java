package io.rvnt.relay.core;

import java.util.Optional;

/**
 * Where a relay keeps its mailboxes: keys and bytes only, in the schema of {@link RelayKeys}. Reads see committed
 * data; all writes go through a {@link Transaction}, which the relay's single writer thread opens, fills with the
 * writes of a group of requests, and commits with one synced write. Implementations throw {@link StoreException}.
 */
public interface RelayStore extends AutoCloseable {

  Optional<byte[]> get(byte[] key);

  /** Visits committed entries with {@code from <= key < to} in key order, until the visitor returns false. */
  void scan(byte[] from, byte[] to, Visitor visitor);

  Transaction begin();

  @Override
  void close();

  /** Receives one entry of a scan; returns false to stop. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  /** Writes staged for one synced commit. Not thread-safe: one writer thread at a time. */
  interface Transaction extends AutoCloseable {

    /** The value staged in this transaction, else the committed one. */
    Optional<byte[]> get(byte[] key);

    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /**
     * Writes everything staged atomically and durably: once it returns, the writes survive a crash of the process
     * and of the machine (the write-ahead log is synced).
     */
    void commit();

    /** Drops what was not committed. */
    @Override
    void close();
  }
}
