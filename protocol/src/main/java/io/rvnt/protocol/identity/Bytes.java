package io.rvnt.protocol.identity;

import java.util.Arrays;
import java.util.HexFormat;

/** Helpers for records with byte[] components: defensive copies and a toString that never prints whole keys. */
final class Bytes {
  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  static byte[] copy(byte[] bytes, String name) {
    if (bytes == null) {
      throw new NullPointerException(name);
    }
    return bytes.clone();
  }

  /** Length and the first four bytes, enough to tell keys apart in a test failure, never the key itself. */
  static String describe(byte[] bytes) {
    return bytes.length + " bytes " + HEX.formatHex(bytes, 0, Math.min(4, bytes.length)) + "…";
  }

  static boolean equal(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  static int hash(byte[] bytes) {
    return Arrays.hashCode(bytes);
  }
}
