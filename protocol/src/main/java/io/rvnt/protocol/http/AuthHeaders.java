package io.rvnt.protocol.http;

import io.rvnt.protocol.crypto.Ed25519;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Formats and parses the values of the signed-request headers of spec §5. Parsing is strict: a value that is not
 * exactly in the spec's form is refused (the server answers AUTH_MISSING), so one request has one spelling and one
 * set of signed bytes.
 */
public final class AuthHeaders {
  /** 64 bytes in padded base64. */
  public static final int SIGNATURE_BASE64_CHARS = 88;
  /** Long.MAX_VALUE has 19 digits. */
  private static final int MAX_TIMESTAMP_DIGITS = 19;

  private AuthHeaders() {}

  public static String formatTimestamp(long epochMillis) {
    if (epochMillis < 0) {
      throw new IllegalArgumentException("timestamps are not negative");
    }
    return Long.toString(epochMillis);
  }

  /** Decimal digits, no sign, no leading zero (except "0" itself), within a long; else empty. */
  public static OptionalLong parseTimestamp(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_TIMESTAMP_DIGITS) {
      return OptionalLong.empty();
    }
    if (header.length() > 1 && header.charAt(0) == '0') {
      return OptionalLong.empty();
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(header));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public static String formatSignature(byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("a signature is " + Ed25519.SIGNATURE_BYTES + " bytes");
    }
    return Base64.getEncoder().encodeToString(signature);
  }

  /** Exactly 88 characters of standard padded base64 encoding 64 bytes; else empty. */
  public static Optional<byte[]> parseSignature(String header) {
    if (header == null || header.length() != SIGNATURE_BASE64_CHARS) {
      return Optional.empty();
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(header);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (signature.length != Ed25519.SIGNATURE_BYTES) {
      return Optional.empty();
    }
    // Refuse non-canonical base64 (non-zero padding bits): one signature, one spelling.
    if (!Base64.getEncoder().encodeToString(signature).equals(header)) {
      return Optional.empty();
    }
    return Optional.of(signature);
  }
}
