package io.rvnt.p2p.crypto;

import java.security.SecureRandom;

/** Entry points for libp2p keys: generation and the protobuf forms. Only Ed25519 is supported. */
public final class Keys {

  private Keys() {}

  public static PrivKey generateEd25519(SecureRandom random) {
    return Ed25519PrivKey.generate(random);
  }

  /** Decodes a protobuf {@code PublicKey}. */
  public static PubKey unmarshalPublicKey(byte[] message) {
    KeyProtobuf.Decoded decoded = KeyProtobuf.decode(message);
    if (decoded.type() != KeyType.ED25519) {
      throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY_TYPE, decoded.type().name());
    }
    return Ed25519PubKey.of(decoded.data());
  }

  /** Decodes a protobuf {@code PrivateKey}. */
  public static PrivKey unmarshalPrivateKey(byte[] message) {
    KeyProtobuf.Decoded decoded = KeyProtobuf.decode(message);
    if (decoded.type() != KeyType.ED25519) {
      throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY_TYPE, decoded.type().name());
    }
    return Ed25519PrivKey.of(decoded.data());
  }
}
