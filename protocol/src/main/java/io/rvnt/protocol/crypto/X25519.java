package io.rvnt.protocol.crypto;

import java.security.SecureRandom;

/** X25519 (RFC 7748) for signed and one-time prekeys (spec §4), on BouncyCastle's rfc7748 implementation. */
public final class X25519 {
  public static final int PUBLIC_KEY_BYTES = 32;
  public static final int PRIVATE_KEY_BYTES = 32;

  private X25519() {}

  /** A prekey pair: the 32-byte scalar and the 32-byte u-coordinate. */
  public static final class KeyPair extends KeyPairBytes {
    public KeyPair(byte[] privateKey, byte[] publicKey) {
      super("X25519.KeyPair", privateKey, publicKey);
    }

    public byte[] privateKey() {
      return privateKeyCopy();
    }
  }

  /** The spec's rule (§4): 32 bytes, not all zero. */
  public static boolean isValidPublicKey(byte[] publicKey) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
      return false;
    }
    int or = 0;
    for (byte b : publicKey) {
      or |= b;
    }
    return or != 0;
  }

  public static KeyPair generate(SecureRandom random) {
    byte[] privateKey = new byte[PRIVATE_KEY_BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, privateKey);
    return fromPrivateKey(privateKey);
  }

  public static KeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey == null || privateKey.length != PRIVATE_KEY_BYTES) {
      throw new IllegalArgumentException("an X25519 private key is " + PRIVATE_KEY_BYTES + " bytes");
    }
    byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    return new KeyPair(privateKey, publicKey);
  }
}
