package io.rvnt.protocol.crypto;

import java.util.Arrays;

/**
 * What {@link Ed25519.KeyPair}, {@link X25519.KeyPair} and {@link MlKem768.KeyPair} share: a private key and its
 * public key, copied in and out so that nobody can change a pair once made. Each algorithm keeps its own type, so
 * an X25519 prekey can never be passed where an identity key is expected: two pairs are equal only when they are of
 * the same algorithm and hold the same bytes. The hash code and the text use the public key only; private keys are
 * never printed.
 */
abstract sealed class KeyPairBytes permits Ed25519.KeyPair, X25519.KeyPair, MlKem768.KeyPair {
  private final String name;
  private final byte[] privateKey;
  private final byte[] publicKey;

  KeyPairBytes(String name, byte[] privateKey, byte[] publicKey) {
    this.name = name;
    this.privateKey = privateKey.clone();
    this.publicKey = publicKey.clone();
  }

  public final byte[] publicKey() {
    return publicKey.clone();
  }

  /** A copy of the private key; each algorithm's type gives it the name its spec uses. */
  final byte[] privateKeyCopy() {
    return privateKey.clone();
  }

  /** How the text shows the public key: its length, unless the algorithm has something people compare. */
  String describe(byte[] publicKey) {
    return publicKey.length + " bytes";
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof KeyPairBytes other
        && other.getClass() == getClass()
        && Arrays.equals(privateKey, other.privateKey)
        && Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  /** Never prints the private key. */
  @Override
  public final String toString() {
    return name + "[publicKey=" + describe(publicKey) + "]";
  }
}
