package io.rvnt.canary.openpgp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A v4 OpenPGP key fingerprint (RFC 4880 section 12.2: 20 bytes of SHA-1), the value a verifier pins. Written as 40
 * upper-case hex digits; {@link #parse} also accepts gpg's grouped form with spaces and lower case.
 */
public record Fingerprint(String hex) {
  private static final Pattern V4_HEX = Pattern.compile("[0-9A-F]{40}");

  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!V4_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("a v4 fingerprint is 40 upper-case hex digits");
    }
  }

  /**
   * Reads a fingerprint as an operator types it: spaces ignored, any case, an optional {@code 0x}.
   *
   * @throws IllegalArgumentException with a message fit for the operator when it is not 40 hex digits
   */
  public static Fingerprint parse(String text) {
    String compact = text.replace(" ", "").toUpperCase(Locale.ROOT);
    if (compact.startsWith("0X")) {
      compact = compact.substring(2);
    }
    if (!V4_HEX.matcher(compact).matches()) {
      throw new IllegalArgumentException(
          "not a key fingerprint: expected 40 hex digits (as 'gpg --fingerprint' prints), got "
              + compact.length()
              + " characters");
    }
    return new Fingerprint(compact);
  }

  static Fingerprint of(byte[] fingerprint) {
    return new Fingerprint(HexFormat.of().withUpperCase().formatHex(fingerprint));
  }

  /** gpg's layout, ten groups of four with a double space in the middle, for people comparing by eye. */
  public String grouped() {
    StringBuilder out = new StringBuilder(50);
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        out.append(i == 20 ? "  " : " ");
      }
      out.append(hex, i, i + 4);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return hex;
  }
}
