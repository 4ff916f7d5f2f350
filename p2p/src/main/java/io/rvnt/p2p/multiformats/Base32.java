package io.rvnt.p2p.multiformats;

import java.io.ByteArrayOutputStream;

/** RFC 4648 base32, lower case, no padding: multibase prefix {@code b}, the usual text form of CIDv1. */
final class Base32 {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private Base32() {}

  static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int value = ALPHABET.indexOf(Character.toLowerCase(text.charAt(i)));
      if (value < 0) {
        throw new MultiformatException(MultiformatException.Reason.BAD_ENCODING, "not a base32 character");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xFF);
        bits -= 8;
      }
    }
    // RFC 4648: leftover bits are padding and must be zero, or two texts would decode to the same bytes.
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      throw new MultiformatException(MultiformatException.Reason.BAD_ENCODING, "non-canonical base32 ending");
    }
    return out.toByteArray();
  }
}
