package io.rvnt.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The human-readable fingerprint of an identity key (spec §4.1): the lowercase hex SHA-256 of the 32-byte key, in
 * 16 groups of 4 digits separated by spaces. People compare these to tell keys apart.
 */
public final class Fingerprints {
  private Fingerprints() {}

  public static String of(byte[] identityKey) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(identityKey);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
    String hex = HexFormat.of().formatHex(digest);
    StringBuilder out = new StringBuilder(hex.length() + hex.length() / 4);
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(hex, i, i + 4);
    }
    return out.toString();
  }
}
