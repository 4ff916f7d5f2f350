package io.rvnt.p2p.crypto;

import io.rvnt.protocol.crypto.Ed25519;
import java.util.Arrays;

/**
 * An Ed25519 public key (RFC 8032), immutable and thread-safe. Keys and signatures follow the project's one rule for
 * Ed25519 ({@link Ed25519#verify}, docs/identity-protocol.md §4): a key outside the prime-order subgroup is malformed,
 * and a signature verifies by the cofactorless equation.
 */
final class Ed25519PubKey implements PubKey {

  private final byte[] raw;

  private Ed25519PubKey(byte[] raw) {
    this.raw = raw;
  }

  static Ed25519PubKey of(byte[] raw) {
    if (raw.length != Ed25519.PUBLIC_KEY_BYTES) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "Ed25519 public keys are 32 bytes");
    }
    if (!Ed25519.isValidPublicKey(raw)) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY,
          "not the canonical encoding of a point of the prime-order subgroup");
    }
    return new Ed25519PubKey(raw.clone());
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    return Ed25519.verify(raw, data, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PubKey k && Arrays.equals(k.raw, raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }
}
