package io.rvnt.p2p.crypto;

/** A libp2p public key: verifies signatures and has the protobuf form a PeerId is made from. */
public interface PubKey {

  KeyType type();

  /** The raw key bytes (for Ed25519 the 32-byte point). */
  byte[] raw();

  /** The deterministic protobuf {@code PublicKey} encoding (peer-ids spec). */
  default byte[] bytes() {
    return KeyProtobuf.encode(type(), raw());
  }

  boolean verify(byte[] data, byte[] signature);
}
