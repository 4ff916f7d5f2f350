package io.rvnt.p2p.multiformats;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A multihash ({@code <varint code><varint length><digest>}) restricted to the two functions libp2p PeerIds use:
 * identity (code 0x00) and sha2-256 (code 0x12, 32 bytes).
 */
public record Multihash(int code, byte[] digest) {

  public static final int IDENTITY = 0x00;
  public static final int SHA2_256 = 0x12;

  /**
   * Longest identity digest accepted when decoding. The PeerId spec inlines keys of at most 42 bytes; larger keys
   * are hashed with sha2-256, so nothing legitimate needs more.
   */
  public static final int MAX_IDENTITY_DIGEST = 42;

  public Multihash {
    digest = digest.clone();
    if (code == SHA2_256 && digest.length != 32) {
      throw new MultiformatException(MultiformatException.Reason.BAD_DIGEST_LENGTH, "sha2-256 digests are 32 bytes");
    }
    if (code == IDENTITY && digest.length > MAX_IDENTITY_DIGEST) {
      throw new MultiformatException(MultiformatException.Reason.BAD_DIGEST_LENGTH, "identity digest too long");
    }
    if (code != IDENTITY && code != SHA2_256) {
      throw new MultiformatException(MultiformatException.Reason.UNSUPPORTED_HASH, "hash code " + code);
    }
  }

  public static Multihash identity(byte[] data) {
    return new Multihash(IDENTITY, data);
  }

  public static Multihash sha256(byte[] data) {
    try {
      return new Multihash(SHA2_256, MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** Decodes exactly one multihash filling {@code bytes}. */
  public static Multihash decode(byte[] bytes) {
    long[] code = UnsignedVarint.decode(bytes, 0);
    long[] length = UnsignedVarint.decode(bytes, (int) code[1]);
    int offset = (int) (code[1] + length[1]);
    if (length[0] != bytes.length - offset) {
      throw new MultiformatException(
          length[0] > bytes.length - offset
              ? MultiformatException.Reason.TRUNCATED
              : MultiformatException.Reason.TRAILING_BYTES,
          "digest length does not match the input");
    }
    if (code[0] != IDENTITY && code[0] != SHA2_256) {
      throw new MultiformatException(MultiformatException.Reason.UNSUPPORTED_HASH, "hash code " + code[0]);
    }
    return new Multihash((int) code[0], Arrays.copyOfRange(bytes, offset, bytes.length));
  }

  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(digest.length + 4);
    UnsignedVarint.write(code, out);
    UnsignedVarint.write(digest.length, out);
    out.writeBytes(digest);
    return out.toByteArray();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash other && other.code == code && Arrays.equals(other.digest, digest);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return Base58.encode(bytes());
  }
}
