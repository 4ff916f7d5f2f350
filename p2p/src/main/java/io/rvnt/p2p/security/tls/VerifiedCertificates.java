package io.rvnt.p2p.security.tls;

import io.rvnt.p2p.crypto.PeerId;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Certificates that passed every check of {@link CertificateVerifier}, keyed by their full DER bytes, with the
 * PeerId they proved and their validity: a peer that reconnects with the same certificate is recognised without
 * verifying its two signatures again (an ECDSA and an Ed25519 verification, most of a QUIC handshake's CPU here).
 *
 * <p>Safe because the checks are a pure function of those bytes, except the validity period, which the verifier
 * checks again on every use; a refused certificate is never kept. Bounded: at most {@code capacity} entries, the
 * least recently used one evicted first. Thread-safe.
 */
final class VerifiedCertificates {

  /** What the checks of one certificate proved; only its validity still depends on the time. */
  record Verified(PeerId peer, Instant notBefore, Instant notAfter) {
  }

  private final int capacity;
  // Guarded by itself. Access order: a hit makes an entry the most recent.
  private final LinkedHashMap<Der, Verified> entries;

  /** @param capacity the most certificates kept; 0 keeps none, so every certificate is verified in full */
  VerifiedCertificates(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Der, Verified> eldest) {
        return size() > VerifiedCertificates.this.capacity;
      }
    };
  }

  /** What the checks proved for exactly these bytes, or null when they were not verified (or were evicted). */
  Verified get(byte[] der) {
    if (capacity == 0) {
      return null;
    }
    synchronized (entries) {
      return entries.get(new Der(der));
    }
  }

  void put(byte[] der, Verified verified) {
    if (capacity == 0) {
      return;
    }
    synchronized (entries) {
      entries.put(new Der(der.clone()), verified);
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** A certificate's DER bytes as a key: equal only to the very same bytes. */
  private static final class Der {
    private final byte[] bytes;
    private final int hash;

    Der(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Der der && hash == der.hash && Arrays.equals(bytes, der.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
