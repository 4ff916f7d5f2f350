package io.rvnt.server.store;

import java.util.List;

/**
 * Everything a registration writes (spec §10): the encoded {@code StoredBundle}, the one-time prekeys, the
 * registration's 32-byte proof-of-work hash and the encoded {@code StoredMeta}. The store treats them as bytes.
 */
public record NewUser(byte[] storedBundle, List<StoredPreKey> oneTimePreKeys, byte[] powHash, byte[] storedMeta) {
  public NewUser {
    storedBundle = storedBundle.clone();
    oneTimePreKeys = List.copyOf(oneTimePreKeys);
    powHash = powHash.clone();
    storedMeta = storedMeta.clone();
  }

  @Override
  public String toString() {
    return "NewUser[" + oneTimePreKeys.size() + " one-time prekeys]";
  }
}
