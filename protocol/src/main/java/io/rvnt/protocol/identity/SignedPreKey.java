package io.rvnt.protocol.identity;

import io.rvnt.protocol.crypto.Ed25519;
import java.util.Objects;

/**
 * An X25519 prekey signed by the identity key (spec §4). {@code id} is an unsigned 32-bit integer held in an int; 0
 * is not allowed. The arrays are copied in and out.
 */
public record SignedPreKey(int id, byte[] publicKey, byte[] signature) {
  public SignedPreKey {
    publicKey = Bytes.copy(publicKey, "publicKey");
    signature = Bytes.copy(signature, "signature");
  }

  /** The X25519 key {@code publicKey} under {@code id}, signed by {@code identity} over spec §4's bytes. */
  public static SignedPreKey sign(Ed25519.KeyPair identity, int id, byte[] publicKey) {
    return new SignedPreKey(id, publicKey, Ed25519.sign(identity.seed(), SignedBytes.signedPreKey(id, publicKey)));
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedPreKey other
        && id == other.id
        && Bytes.equal(publicKey, other.publicKey)
        && Bytes.equal(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Bytes.hash(publicKey), Bytes.hash(signature));
  }

  @Override
  public String toString() {
    return "SignedPreKey[id=" + Integer.toUnsignedString(id) + ", publicKey=" + Bytes.describe(publicKey)
        + ", signature=" + signature.length + " bytes]";
  }
}
