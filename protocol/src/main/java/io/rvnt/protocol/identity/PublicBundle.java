package io.rvnt.protocol.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * A user's public bundle as {@code GET /v1/bundle/{username}} serves it (spec §7.2): at most one one-time prekey,
 * absent when none is left.
 */
public record PublicBundle(
    String username,
    byte[] identityKey,
    SignedPreKey signedPreKey,
    PqPreKey pqPreKey,
    Optional<OneTimePreKey> oneTimePreKey) {
  public PublicBundle {
    Objects.requireNonNull(username, "username");
    identityKey = Bytes.copy(identityKey, "identityKey");
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    Objects.requireNonNull(pqPreKey, "pqPreKey");
    Objects.requireNonNull(oneTimePreKey, "oneTimePreKey");
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicBundle other
        && username.equals(other.username)
        && Bytes.equal(identityKey, other.identityKey)
        && signedPreKey.equals(other.signedPreKey)
        && pqPreKey.equals(other.pqPreKey)
        && oneTimePreKey.equals(other.oneTimePreKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, Bytes.hash(identityKey), signedPreKey, pqPreKey, oneTimePreKey);
  }

  /** Never prints the username. */
  @Override
  public String toString() {
    return "PublicBundle[identityKey=" + Bytes.describe(identityKey) + ", " + signedPreKey + ", " + pqPreKey
        + ", oneTimePreKey=" + oneTimePreKey.map(OneTimePreKey::toString).orElse("none") + "]";
  }
}
