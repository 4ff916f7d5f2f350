package io.rvnt.p2p.crypto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a check proved about some bytes that passed it, keyed by those full bytes: a peer that reconnects with the
 * same credentials (a TLS certificate, a Noise static key with its signed payload) is recognised without verifying
 * its signatures again, the largest CPU cost of a handshake here.
 *
 * <p>Safe only for checks that are a pure function of the key bytes: the caller puts in everything the check read,
 * and checks again on every use what can change (such as a certificate's validity period). A refused input is never
 * put. Bounded: at most {@code capacity} entries, the least recently used one evicted first; 0 keeps none, so every
 * input is checked in full. Thread-safe.
 *
 * @param <V> what the check proved
 */
public final class VerifiedBytes<V> {

  private final int capacity;
  // Guarded by itself. Access order: a hit makes an entry the most recent.
  private final LinkedHashMap<Key, V> entries;

  /** @param capacity the most entries kept; 0 keeps none */
  public VerifiedBytes(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
        return size() > VerifiedBytes.this.capacity;
      }
    };
  }

  /** What the check proved for exactly these bytes, or null when they were not checked (or were evicted). */
  public V get(byte[] bytes) {
    if (capacity == 0) {
      return null;
    }
    synchronized (entries) {
      return entries.get(new Key(bytes));
    }
  }

  /** Remembers what a check that these bytes passed proved; the bytes are copied. */
  public void put(byte[] bytes, V proved) {
    if (capacity == 0) {
      return;
    }
    synchronized (entries) {
      entries.put(new Key(bytes.clone()), proved);
    }
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** Bytes as a key: equal only to the very same bytes. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && hash == key.hash && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
