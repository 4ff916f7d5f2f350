package io.rvnt.protocol.crypto;

import io.rvnt.protocol.crypto.Edwards25519.ExpandedSeed;
import io.rvnt.protocol.crypto.Edwards25519.Point;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Ed25519 signatures that a lax verifier accepts and the project's strict rule (spec §4) must sort correctly, made
 * with a known seed: RFC 8032 §5.1.6 with one step changed. For tests and for the vector of spec §11.
 */
public final class TorsionSignatures {
  private TorsionSignatures() {}

  /** A signature and the public key it is checked against. */
  public record Signed(byte[] publicKey, byte[] signature) {}

  /**
   * {@code R' = rB + T} with r the RFC 8032 nonce and T {@link Edwards25519#ORDER_EIGHT}, {@code k = SHA-512(R' || A
   * || M)}, {@code S = r + k·a mod L}: it satisfies the cofactored equation {@code [8]SB = [8]R' + [8]kA} and not the
   * cofactorless {@code SB = R' + kA}, so OpenSSL refuses it and so must we.
   */
  public static byte[] cofactoredOnly(byte[] seed, byte[] message) {
    return withTorsion(seed, message, Edwards25519.ORDER_EIGHT.encode());
  }

  /** As {@link #cofactoredOnly}, with T the point encoded {@code smallOrderPoint}. */
  public static byte[] withTorsion(byte[] seed, byte[] message, byte[] smallOrderPoint) {
    ExpandedSeed key = ExpandedSeed.of(seed);
    BigInteger r = Edwards25519.hashToScalar(key.prefix(), message);
    return sign(key, message, Edwards25519.BASE.times(r).add(Point.decode(smallOrderPoint)).encode(), r);
  }

  /**
   * R is {@code rEncoding}, which must decode (leniently: y mod p, any sign of x = 0) to the neutral element, and
   * {@code S = k·a}: the cofactorless equation holds for whoever reads R as the neutral element. Strict RFC 8032
   * decoding accepts only the canonical {@code 0100…00}.
   */
  public static byte[] neutralR(byte[] seed, byte[] message, byte[] rEncoding) {
    return sign(ExpandedSeed.of(seed), message, rEncoding, BigInteger.ZERO);
  }

  /**
   * A signature that satisfies the cofactorless equation, R included, under the public key {@code A + T} (T of order
   * 8): a key of mixed order, which RFC 8032 alone does not forbid and spec §4 does. Tries nonces until {@code k} is a
   * multiple of 8, so that {@code [k]T} vanishes (one in eight).
   */
  public static Signed underMixedOrderKey(byte[] seed, byte[] message) {
    ExpandedSeed key = ExpandedSeed.of(seed);
    Point mixed = Point.decode(key.publicKey()).add(Edwards25519.ORDER_EIGHT);
    byte[] mixedKey = mixed.encode();
    for (int attempt = 0; ; attempt++) {
      BigInteger r = Edwards25519.hashToScalar(key.prefix(), message, ByteBuffer.allocate(4).putInt(attempt).array());
      byte[] rEncoding = Edwards25519.BASE.times(r).encode();
      BigInteger k = Edwards25519.hashToScalar(rEncoding, mixedKey, message);
      if (k.mod(BigInteger.valueOf(8)).signum() == 0) {
        return new Signed(mixedKey, signature(rEncoding, r.add(k.multiply(key.scalar())).mod(Edwards25519.L)));
      }
    }
  }

  /** Whether {@code [S]B = R + [k]A} holds exactly (RFC 8032 §5.1.7, cofactorless), with strict decoding. */
  public static boolean cofactorlessHolds(byte[] publicKey, byte[] message, byte[] signature) {
    return equationHolds(publicKey, message, signature, BigInteger.ONE);
  }

  /** Whether {@code [8][S]B = [8]R + [8][k]A} holds (the cofactored variant RFC 8032 §5.1.7 also allows). */
  public static boolean cofactoredHolds(byte[] publicKey, byte[] message, byte[] signature) {
    return equationHolds(publicKey, message, signature, BigInteger.valueOf(8));
  }

  private static boolean equationHolds(byte[] publicKey, byte[] message, byte[] signature, BigInteger cofactor) {
    byte[] rEncoding = Arrays.copyOf(signature, 32);
    Point r = Point.decode(rEncoding);
    Point a = Point.decode(publicKey);
    BigInteger s = Edwards25519.littleEndian(Arrays.copyOfRange(signature, 32, 64));
    BigInteger k = Edwards25519.hashToScalar(rEncoding, publicKey, message);
    Point left = Edwards25519.BASE.times(s).times(cofactor);
    Point right = r.add(a.times(k)).times(cofactor);
    return left.equals(right);
  }

  private static byte[] sign(ExpandedSeed key, byte[] message, byte[] rEncoding, BigInteger r) {
    BigInteger k = Edwards25519.hashToScalar(rEncoding, key.publicKey(), message);
    return signature(rEncoding, r.add(k.multiply(key.scalar())).mod(Edwards25519.L));
  }

  private static byte[] signature(byte[] rEncoding, BigInteger s) {
    byte[] signature = new byte[64];
    System.arraycopy(rEncoding, 0, signature, 0, 32);
    System.arraycopy(Edwards25519.littleEndian(s), 0, signature, 32, 32);
    return signature;
  }
}
