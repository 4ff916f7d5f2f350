package io.rvnt.server.store;

import java.util.Arrays;

/** A one-time prekey as stored under {@code opk:{username}:{id}}: its id (unsigned 32-bit) and 32 key bytes. */
public record StoredPreKey(int id, byte[] publicKey) {
  public StoredPreKey {
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredPreKey other && other.id == id && Arrays.equals(other.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * id + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "StoredPreKey[id=" + Integer.toUnsignedString(id) + ", " + publicKey.length + " bytes]";
  }
}
