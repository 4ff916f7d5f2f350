package io.rvnt.protocol.identity;

import java.util.Objects;

/**
 * A one-time X25519 prekey (spec §4), not signed, handed out at most once (§7.2). {@code id} is an unsigned 32-bit
 * integer held in an int; 0 is not allowed. The array is copied in and out.
 */
public record OneTimePreKey(int id, byte[] publicKey) {
  public OneTimePreKey {
    publicKey = Bytes.copy(publicKey, "publicKey");
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OneTimePreKey other && id == other.id && Bytes.equal(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Bytes.hash(publicKey));
  }

  @Override
  public String toString() {
    return "OneTimePreKey[id=" + Integer.toUnsignedString(id) + ", publicKey=" + Bytes.describe(publicKey) + "]";
  }
}
