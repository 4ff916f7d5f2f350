package io.rvnt.protocol.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Test-only edwards25519 arithmetic (RFC 8032 §5.1) in affine coordinates over {@link BigInteger}: slow and short, and
 * independent of the BouncyCastle code under test, so tests can build the points and signatures that a strict
 * verifier must refuse. Never for production use: nothing here is constant-time.
 */
public final class Edwards25519 {
  /** The field prime p = 2^255 - 19. */
  public static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  /** The order L of the prime-order subgroup. */
  public static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_MINUS_ONE =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  public static final Point NEUTRAL = new Point(BigInteger.ZERO, BigInteger.ONE);
  /** The base point B: y = 4/5, x even. */
  public static final Point BASE =
      Point.decode(littleEndian(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P)));
  /** A point of order 8, encoded {@code c7176a70…ac037a}: adding it to R is invisible to the cofactored equation. */
  public static final Point ORDER_EIGHT = Point.decode(
      HexFormat.of().parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"));

  private Edwards25519() {}

  /** An affine point (x, y) of -x^2 + y^2 = 1 + d x^2 y^2. */
  public record Point(BigInteger x, BigInteger y) {
    /** The complete twisted Edwards addition law (a = -1). */
    public Point add(Point o) {
      BigInteger t = D.multiply(x).multiply(o.x).multiply(y).multiply(o.y).mod(P);
      BigInteger x3 = x.multiply(o.y).add(o.x.multiply(y)).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
      BigInteger y3 = y.multiply(o.y).add(x.multiply(o.x))
          .multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
      return new Point(x3, y3);
    }

    public Point negate() {
      return new Point(P.subtract(x).mod(P), y);
    }

    public Point times(BigInteger k) {
      Point r = NEUTRAL;
      for (int i = k.bitLength() - 1; i >= 0; i--) {
        r = r.add(r);
        if (k.testBit(i)) {
          r = r.add(this);
        }
      }
      return r;
    }

    /** RFC 8032 §5.1.2: y little-endian, the sign of x in the top bit. */
    public byte[] encode() {
      byte[] out = littleEndian(y);
      if (x.testBit(0)) {
        out[31] |= (byte) 0x80;
      }
      return out;
    }

    /** RFC 8032 §5.1.3, strictly: refuses y >= p, points off the curve, and x = 0 with the sign bit set. */
    public static Point decode(byte[] encoding) {
      byte[] bytes = encoding.clone();
      boolean sign = (bytes[31] & 0x80) != 0;
      bytes[31] &= 0x7f;
      BigInteger y = littleEndian(bytes);
      if (y.compareTo(P) >= 0) {
        throw new IllegalArgumentException("non-canonical y");
      }
      BigInteger y2 = y.multiply(y).mod(P);
      BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
      BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
      if (!x.multiply(x).mod(P).equals(x2)) {
        x = x.multiply(SQRT_MINUS_ONE).mod(P);
      }
      if (!x.multiply(x).mod(P).equals(x2)) {
        throw new IllegalArgumentException("not a curve point");
      }
      if (x.signum() == 0 && sign) {
        throw new IllegalArgumentException("x = 0 with the sign bit set");
      }
      return new Point(x.testBit(0) == sign ? x : P.subtract(x), y);
    }
  }

  /** The secret scalar a, the nonce prefix and the public key A of a 32-byte seed (RFC 8032 §5.1.5). */
  public record ExpandedSeed(BigInteger scalar, byte[] prefix, byte[] publicKey) {
    public static ExpandedSeed of(byte[] seed) {
      byte[] h = sha512(seed);
      byte[] s = Arrays.copyOf(h, 32);
      s[0] &= (byte) 0xf8;
      s[31] &= 0x7f;
      s[31] |= 0x40;
      BigInteger a = littleEndian(s);
      return new ExpandedSeed(a, Arrays.copyOfRange(h, 32, 64), BASE.times(a).encode());
    }
  }

  /** SHA-512 of the concatenated parts, read little-endian, modulo L (RFC 8032 §5.1.6 steps 2 and 4). */
  public static BigInteger hashToScalar(byte[]... parts) {
    return littleEndian(sha512(parts)).mod(L);
  }

  public static BigInteger littleEndian(byte[] bytes) {
    byte[] big = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      big[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, big);
  }

  /** The 32-byte little-endian encoding of {@code value}, which must be below 2^256. */
  public static byte[] littleEndian(BigInteger value) {
    byte[] big = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < Math.min(32, big.length); i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static byte[] sha512(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-512", e);
    }
  }
}
