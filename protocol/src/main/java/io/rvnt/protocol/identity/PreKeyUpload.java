package io.rvnt.protocol.identity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code PUT /v1/prekeys} carries (spec §7.3): one-time prekeys to add and, optionally, a new signed prekey
 * and/or PQ prekey replacing the stored ones.
 */
public record PreKeyUpload(
    List<OneTimePreKey> oneTimePreKeys, Optional<SignedPreKey> signedPreKey, Optional<PqPreKey> pqPreKey) {
  public PreKeyUpload {
    oneTimePreKeys = List.copyOf(oneTimePreKeys);
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    Objects.requireNonNull(pqPreKey, "pqPreKey");
  }

  /** True when the upload adds nothing and rotates nothing, which the spec refuses as malformed. */
  public boolean isEmpty() {
    return oneTimePreKeys.isEmpty() && signedPreKey.isEmpty() && pqPreKey.isEmpty();
  }
}
