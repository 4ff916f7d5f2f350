package io.rvnt.protocol.pow;

import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code X-RVNT-PoW} header of spec §6.1: {@code SEED:EFFORT:NONCE}, the server seed the work was done for
 * (64 lowercase hex digits), the effort bid (decimal, 1 to 2^63 − 1, no sign or leading zero) and the nonce (16
 * lowercase hex digits). Each value has one spelling, so a header parses only if it is the one its values format to.
 */
public record PowProof(PowTarget target, long nonce) {
  /** The longest header: 64 + 1 + 19 + 1 + 16 characters. */
  public static final int MAX_HEADER_CHARS = 101;
  private static final HexFormat HEX = HexFormat.of();

  public PowProof(byte[] seed, long effort, long nonce) {
    this(new PowTarget(seed, effort), nonce);
  }

  public byte[] seed() {
    return target.seed();
  }

  public long effort() {
    return target.effort();
  }

  public String header() {
    return HEX.formatHex(target.seed()) + ':' + target.effort() + ':' + ProofOfWork.formatNonce(nonce);
  }

  /** The proof of a well-formed header, else empty (spec §6.1: {@code POW_MISSING}). */
  public static Optional<PowProof> parse(String header) {
    if (header == null || header.length() > MAX_HEADER_CHARS) {
      return Optional.empty();
    }
    int first = header.indexOf(':');
    int second = first < 0 ? -1 : header.indexOf(':', first + 1);
    if (first != ProofOfWork.SEED_BYTES * 2 || second < 0) {
      return Optional.empty();
    }
    byte[] seed = parseHex(header.substring(0, first));
    OptionalLong effort = parseEffort(header.substring(first + 1, second));
    OptionalLong nonce = ProofOfWork.parseNonce(header.substring(second + 1));
    if (seed == null || effort.isEmpty() || nonce.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PowProof(seed, effort.getAsLong(), nonce.getAsLong()));
  }

  private static byte[] parseHex(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return null;
      }
    }
    return HEX.parseHex(digits);
  }

  private static OptionalLong parseEffort(String digits) {
    if (digits.isEmpty() || digits.length() > 19 || digits.charAt(0) == '0') {
      return OptionalLong.empty();
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      value = value * 10 + (c - '0');
      if (value < 0) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(value);
  }

  @Override
  public String toString() {
    return "PowProof[effort=" + target.effort() + "]";
  }
}
