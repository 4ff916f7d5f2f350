package io.rvnt.protocol.crypto;

import java.security.SecureRandom;

/**
 * Ed25519 (RFC 8032) for identity keys and every signature of the identity protocol (spec §4, §5), on
 * BouncyCastle's rfc8032 implementation, which is faster than the JDK's. {@link #verify} is the project's one rule
 * for raw Ed25519 signatures: the identity server, libp2p keys (p2p, dht) and the canary's EdDSA signatures all
 * verify through it (docs/identity-protocol.md §4).
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

  /**
   * Strict verification (spec §4); false, never an exception, for any bad input. A signature verifies when
   *
   * <ol>
   *   <li>the public key A is the canonical encoding of a point of the prime-order subgroup ({@link
   *       #isValidPublicKey}),
   *   <li>R is the canonical encoding of a curve point (RFC 8032 §5.1.3: y below p, no x = 0 with the sign bit set),
   *       and S is below the group order L, and
   *   <li>{@code [S]B = R + [k]A} with {@code k = SHA-512(R || A || M) mod L}: the cofactorless equation of RFC 8032
   *       §5.1.7, as OpenSSL and the JDK check it.
   * </ol>
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES
        || signature == null || signature.length != SIGNATURE_BYTES
        || message == null) {
      return false;
    }
    try {
      org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint a =
          org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(publicKey, 0);
      if (a == null) {
        return false;
      }
      // BouncyCastle checks the encodings of R and S and the cofactored equation [8][S]B = [8]R + [8][k]A, that is
      // R = [S]B - [k]A + T for some T of order dividing 8. A is of prime order, so [S]B - [k]A is too, and T is 0
      // (the cofactorless equation holds) exactly when R itself is in the prime-order subgroup: the neutral element,
      // or a point that passes the full key check (which refuses the neutral element as a key).
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, a, message, 0, message.length)
          && (isNeutralElement(signature)
              || org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(signature, 0));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True when the first 32 bytes are the canonical encoding of the neutral element, {@code 0100…00}. */
  private static boolean isNeutralElement(byte[] encoding) {
    if (encoding[0] != 1) {
      return false;
    }
    for (int i = 1; i < PUBLIC_KEY_BYTES; i++) {
      if (encoding[i] != 0) {
        return false;
      }
    }
    return true;
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
