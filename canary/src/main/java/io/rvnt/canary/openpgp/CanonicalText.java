package io.rvnt.canary.openpgp;

import java.nio.charset.StandardCharsets;

/**
 * The bytes a text-mode signature covers in a cleartext signed message (RFC 4880 section 7.1): each line with
 * trailing spaces and tabs removed, lines joined with CRLF, and no line end after the last line. BouncyCastle turns
 * LF into CRLF for text signatures but keeps trailing whitespace, so the stripping happens here.
 */
final class CanonicalText {
  private CanonicalText() {}

  /** {@code text} is the message as lines ending in LF (or CRLF); a final line end is not part of the signed text. */
  static byte[] of(String text) {
    String body = text;
    if (body.endsWith("\r\n")) {
      body = body.substring(0, body.length() - 2);
    } else if (body.endsWith("\n")) {
      body = body.substring(0, body.length() - 1);
    }
    String[] lines = body.split("\r?\n", -1);
    StringBuilder canonical = new StringBuilder(body.length() + lines.length);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        canonical.append("\r\n");
      }
      canonical.append(stripTrailingBlanks(lines[i]));
    }
    return canonical.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Removes trailing spaces and tabs only: other whitespace is signed like any character. */
  static String stripTrailingBlanks(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    return line.substring(0, end);
  }
}
