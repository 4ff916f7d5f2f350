package io.rvnt.protocol.pow;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;

/**
 * The proof of work of spec §6: {@code pow_hash = SHA-256(challenge || u64be(nonce))}, sufficient for an effort E
 * when its first eight bytes, read as an unsigned big-endian number, are at most {@code (2^64 − 1) / E} (about E
 * hashes of work; E = 2^b is exactly "b leading zero bits"). The identity protocol's challenges (§6.2, §6.3) bind
 * the server seed (§6.4) and the effort bid; the bits-only form remains for the relay protocol.
 */
public final class ProofOfWork {
  public static final int CHALLENGE_BYTES = 32;
  public static final int NONCE_HEX_DIGITS = 16;
  /** Spec §6.4: a server seed. */
  public static final int SEED_BYTES = 32;
  static final byte[] REGISTER_LABEL = "rvnt-identity/2 pow-register".getBytes(UTF_8);
  static final byte[] WRITE_LABEL = "rvnt-identity/2 pow-write".getBytes(UTF_8);
  static final byte[] SEED_LABEL = "rvnt-identity/2 pow-seed".getBytes(UTF_8);

  private ProofOfWork() {}

  /**
   * Spec §6.2: {@code SHA-256("rvnt-identity/2 pow-register" || 0x00 || seed || u64be(effort) || username || 0x00
   * || identity_key)}.
   */
  public static byte[] registerChallenge(PowTarget target, String username, byte[] identityKey) {
    MessageDigest sha256 = seeded(REGISTER_LABEL, target);
    sha256.update(username.getBytes(UTF_8));
    sha256.update((byte) 0);
    sha256.update(identityKey);
    return sha256.digest();
  }

  /** Spec §6.3: {@code SHA-256("rvnt-identity/2 pow-write" || 0x00 || seed || u64be(effort) || signed_bytes)}. */
  public static byte[] writeChallenge(PowTarget target, byte[] signedRequestBytes) {
    MessageDigest sha256 = seeded(WRITE_LABEL, target);
    sha256.update(signedRequestBytes);
    return sha256.digest();
  }

  /**
   * Spec §6.4: the seed of {@code epoch}, {@code HMAC-SHA256(key, "rvnt-identity/2 pow-seed" || 0x00 ||
   * u64be(epoch))}.
   */
  public static byte[] seed(byte[] key, long epoch) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      mac.update(SEED_LABEL);
      mac.update((byte) 0);
      mac.update(u64be(epoch));
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError("every JDK provides HmacSHA256", e);
    }
  }

  private static MessageDigest seeded(byte[] label, PowTarget target) {
    MessageDigest sha256 = sha256();
    sha256.update(label);
    sha256.update((byte) 0);
    sha256.update(target.seed());
    sha256.update(u64be(target.effort()));
    return sha256;
  }

  private static byte[] u64be(long value) {
    byte[] bytes = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (value >>> (56 - 8 * i));
    }
    return bytes;
  }

  /** Spec §6.1: the largest first eight bytes of a hash that meets {@code effort}, as an unsigned number. */
  public static long maxPrefix(long effort) {
    if (effort < 1) {
      throw new IllegalArgumentException("an effort is at least 1");
    }
    return Long.divideUnsigned(-1L, effort);
  }

  /** Spec §6.1: whether {@code hash} carries {@code effort}. */
  public static boolean meetsEffort(byte[] hash, long effort) {
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = prefix << 8 | (hash[i] & 0xff);
    }
    return Long.compareUnsigned(prefix, maxPrefix(effort)) <= 0;
  }

  /** The effort of {@code bits} leading zero bits, 2^bits, for bits from 0 to 62. */
  public static long effortOfBits(int bits) {
    if (bits < 0 || bits > 62) {
      throw new IllegalArgumentException("bits must be between 0 and 62");
    }
    return 1L << bits;
  }

  /** {@code SHA-256(challenge || u64be(nonce))}; the challenge is 32 bytes. */
  public static byte[] hash(byte[] challenge, long nonce) {
    if (challenge.length != CHALLENGE_BYTES) {
      throw new IllegalArgumentException("a challenge is " + CHALLENGE_BYTES + " bytes");
    }
    byte[] preimage = new byte[CHALLENGE_BYTES + Long.BYTES];
    System.arraycopy(challenge, 0, preimage, 0, CHALLENGE_BYTES);
    for (int i = 0; i < Long.BYTES; i++) {
      preimage[CHALLENGE_BYTES + i] = (byte) (nonce >>> (56 - 8 * i));
    }
    return sha256().digest(preimage);
  }

  /** Leading zero bits, counting from the most significant bit of the first byte. */
  public static int leadingZeroBits(byte[] hash) {
    int bits = 0;
    for (byte b : hash) {
      if (b != 0) {
        return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
      }
      bits += 8;
    }
    return bits;
  }

  public static boolean meets(byte[] hash, int bits) {
    return leadingZeroBits(hash) >= bits;
  }

  /** The header value: the nonce in big-endian as exactly 16 lowercase hex digits. */
  public static String formatNonce(long nonce) {
    String hex = Long.toHexString(nonce);
    return "0".repeat(NONCE_HEX_DIGITS - hex.length()) + hex;
  }

  /** The nonce of a well-formed header (exactly 16 lowercase hex digits), else empty (spec §6.1: POW_MISSING). */
  public static OptionalLong parseNonce(String header) {
    if (header == null || header.length() != NONCE_HEX_DIGITS) {
      return OptionalLong.empty();
    }
    long nonce = 0;
    for (int i = 0; i < NONCE_HEX_DIGITS; i++) {
      char c = header.charAt(i);
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else {
        return OptionalLong.empty();
      }
      nonce = nonce << 4 | digit;
    }
    return OptionalLong.of(nonce);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
  }
}
