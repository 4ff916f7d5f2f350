package io.rvnt.protocol.crypto;

import java.security.SecureRandom;

/**
 * Ed25519 (RFC 8032) for identity keys and every signature of the identity protocol (spec §4, §5), on
 * BouncyCastle's rfc8032 implementation, which is faster than the JDK's. Verification is strict: S must be below
 * the group order, the public key must be a canonical encoding of a point, and the check is the cofactorless one of
 * RFC 8032 §5.1.7.
 */
public final class Ed25519 {
  public static final int PUBLIC_KEY_BYTES = 32;
  public static final int SIGNATURE_BYTES = 64;
  public static final int SEED_BYTES = 32;

  private Ed25519() {}

  /** An identity key pair: the 32-byte RFC 8032 private key (the seed) and its public key. */
  public static final class KeyPair extends KeyPairBytes {
    public KeyPair(byte[] seed, byte[] publicKey) {
      super("Ed25519.KeyPair", seed, publicKey);
    }

    public byte[] seed() {
      return privateKeyCopy();
    }

    /** The fingerprint people compare (spec §4.1). */
    @Override
    String describe(byte[] publicKey) {
      return Fingerprints.of(publicKey);
    }
  }

  /**
   * True for a canonical encoding of a point of the prime-order subgroup: refuses wrong lengths, non-canonical y,
   * points off the curve, and points of small or mixed order (spec §4).
   */
  public static boolean isValidPublicKey(byte[] publicKey) {
    return publicKey != null
        && publicKey.length == PUBLIC_KEY_BYTES
        && org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(publicKey, 0);
  }

  /** Strict verification (spec §4); false, never an exception, for any bad input. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES
        || signature == null || signature.length != SIGNATURE_BYTES
        || message == null) {
      return false;
    }
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The deterministic RFC 8032 signature of {@code message} by the key with this 32-byte seed. */
  public static byte[] sign(byte[] seed, byte[] message) {
    requireSeed(seed);
    byte[] signature = new byte[SIGNATURE_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  public static byte[] publicKey(byte[] seed) {
    requireSeed(seed);
    byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  public static KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    return new KeyPair(seed, publicKey(seed));
  }

  public static KeyPair fromSeed(byte[] seed) {
    return new KeyPair(seed, publicKey(seed));
  }

  private static void requireSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 seed is " + SEED_BYTES + " bytes");
    }
  }
}
