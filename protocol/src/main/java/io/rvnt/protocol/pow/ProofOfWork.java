package io.rvnt.protocol.pow;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;

/**
 * The proof of work of spec §6: {@code pow_hash = SHA-256(challenge || u64be(nonce))}, sufficient when it has at
 * least {@code bits} leading zero bits. The nonce travels in {@code X-RVNT-PoW} as exactly 16 lowercase hex digits.
 */
public final class ProofOfWork {
  public static final int CHALLENGE_BYTES = 32;
  public static final int NONCE_HEX_DIGITS = 16;
  static final byte[] REGISTER_LABEL = "rvnt-identity/1 pow-register".getBytes(UTF_8);
  static final byte[] WRITE_LABEL = "rvnt-identity/1 pow-write".getBytes(UTF_8);

  private ProofOfWork() {}

  /** Spec §6.2: {@code SHA-256("rvnt-identity/1 pow-register" || 0x00 || username || 0x00 || identity_key)}. */
  public static byte[] registerChallenge(String username, byte[] identityKey) {
    MessageDigest sha256 = sha256();
    sha256.update(REGISTER_LABEL);
    sha256.update((byte) 0);
    sha256.update(username.getBytes(UTF_8));
    sha256.update((byte) 0);
    sha256.update(identityKey);
    return sha256.digest();
  }

  /** Spec §6.3: {@code SHA-256("rvnt-identity/1 pow-write" || 0x00 || signed_bytes)}. */
  public static byte[] writeChallenge(byte[] signedRequestBytes) {
    MessageDigest sha256 = sha256();
    sha256.update(WRITE_LABEL);
    sha256.update((byte) 0);
    sha256.update(signedRequestBytes);
    return sha256.digest();
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
