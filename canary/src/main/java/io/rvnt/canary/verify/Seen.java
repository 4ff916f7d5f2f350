package io.rvnt.canary.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The newest canary a verifier has accepted: its sequence number and the SHA-256 of its {@code canary.txt}. The
 * next canary must carry a higher number, or be the very same document again.
 */
public record Seen(long sequence, String sha256) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public Seen {
    Objects.requireNonNull(sha256, "sha256");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
    }
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
  }

  public static Seen of(long sequence, byte[] canaryText) {
    return new Seen(sequence, sha256(canaryText));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
