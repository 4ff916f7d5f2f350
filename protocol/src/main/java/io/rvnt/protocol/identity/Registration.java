package io.rvnt.protocol.identity;

import java.util.List;
import java.util.Objects;

/** What {@code POST /v1/register} carries (spec §7.1). Not yet checked: see {@link KeyChecks#checkRegistration}. */
public record Registration(
    String username,
    byte[] identityKey,
    SignedPreKey signedPreKey,
    PqPreKey pqPreKey,
    List<OneTimePreKey> oneTimePreKeys) {
  public Registration {
    Objects.requireNonNull(username, "username");
    identityKey = Bytes.copy(identityKey, "identityKey");
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    Objects.requireNonNull(pqPreKey, "pqPreKey");
    oneTimePreKeys = List.copyOf(oneTimePreKeys);
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Registration other
        && username.equals(other.username)
        && Bytes.equal(identityKey, other.identityKey)
        && signedPreKey.equals(other.signedPreKey)
        && pqPreKey.equals(other.pqPreKey)
        && oneTimePreKeys.equals(other.oneTimePreKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, Bytes.hash(identityKey), signedPreKey, pqPreKey, oneTimePreKeys);
  }

  /** Never prints the username: records end up in exception messages and logs. */
  @Override
  public String toString() {
    return "Registration[identityKey=" + Bytes.describe(identityKey) + ", " + signedPreKey + ", " + pqPreKey
        + ", oneTimePreKeys=" + oneTimePreKeys.size() + "]";
  }
}
