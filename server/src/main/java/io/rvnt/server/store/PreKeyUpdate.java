package io.rvnt.server.store;

import java.util.List;
import java.util.Optional;

/**
 * One atomic update of a user's prekeys (spec §7.3): one-time prekeys to add, optionally a replacement
 * {@code StoredBundle} (rotated signed or PQ prekey), and the new {@code StoredMeta}.
 */
public record PreKeyUpdate(List<StoredPreKey> addedOneTimePreKeys, Optional<byte[]> storedBundle, byte[] storedMeta) {
  public PreKeyUpdate {
    addedOneTimePreKeys = List.copyOf(addedOneTimePreKeys);
    storedBundle = storedBundle.map(byte[]::clone);
    storedMeta = storedMeta.clone();
  }

  @Override
  public String toString() {
    return "PreKeyUpdate[" + addedOneTimePreKeys.size() + " one-time prekeys, rotates bundle: "
        + storedBundle.isPresent() + "]";
  }
}
