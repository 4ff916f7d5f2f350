package io.rvnt.server.store;

import java.util.Arrays;
import java.util.HexFormat;

/** One remembered signed request (spec §5 step 6): the first 16 bytes of its digest and when it may be forgotten. */
public record ReplayEntry(byte[] digest, long expiresAtMs) {
  /** The length of a remembered digest: 128 bits are plenty to tell requests apart, and keep the memory small. */
  public static final int DIGEST_BYTES = 16;

  public ReplayEntry {
    if (digest.length != DIGEST_BYTES) {
      throw new IllegalArgumentException("a replay digest has " + DIGEST_BYTES + " bytes");
    }
    digest = digest.clone();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  String hex() {
    return HexFormat.of().formatHex(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplayEntry other && other.expiresAtMs == expiresAtMs
        && Arrays.equals(other.digest, digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest) * 31 + Long.hashCode(expiresAtMs);
  }

  @Override
  public String toString() {
    return "ReplayEntry[expires " + expiresAtMs + "]";
  }
}
