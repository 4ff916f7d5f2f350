package io.rvnt.dht.routing;

import io.rvnt.p2p.crypto.PeerId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A point of the Kademlia key space: SHA-256 of a record key or of a binary PeerId (kad-dht spec, "Distance"), so
 * that js-libp2p and go-libp2p nodes agree on who is close to what. Immutable.
 */
public final class Key {

  public static final int BITS = 256;

  private final byte[] digest;

  private Key(byte[] digest) {
    this.digest = digest;
  }

  public static Key of(byte[] raw) {
    try {
      return new Key(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  public static Key of(PeerId peer) {
    return of(peer.bytes());
  }

  /** Number of leading bits this key shares with {@code other}; {@link #BITS} when equal. */
  public int commonPrefixLength(Key other) {
    for (int i = 0; i < digest.length; i++) {
      int x = (digest[i] ^ other.digest[i]) & 0xff;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** Negative, zero or positive as {@code a} is closer to this key than {@code b}, as close, or farther. */
  public int compareDistance(Key a, Key b) {
    for (int i = 0; i < digest.length; i++) {
      int da = (a.digest[i] ^ digest[i]) & 0xff;
      int db = (b.digest[i] ^ digest[i]) & 0xff;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /** A random key at exactly {@code prefixLength} common bits with this one, to refresh that bucket. */
  public Key randomAtPrefix(int prefixLength, java.util.Random random) {
    byte[] out = new byte[digest.length];
    random.nextBytes(out);
    for (int bit = 0; bit <= Math.min(prefixLength, BITS - 1); bit++) {
      int mask = 0x80 >>> (bit % 8);
      boolean own = (digest[bit / 8] & mask) != 0;
      boolean set = bit < prefixLength ? own : !own;
      out[bit / 8] = (byte) (set ? out[bit / 8] | mask : out[bit / 8] & ~mask);
    }
    return new Key(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  /** Says nothing about the key: keys are derived from PeerIds and user records (invariant 1). */
  @Override
  public String toString() {
    return "Key[...]";
  }
}
