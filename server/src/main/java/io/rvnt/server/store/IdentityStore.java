package io.rvnt.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity server's storage (spec §10): four key families per user, handled as keys and bytes. Each method is
 * atomic on its own and, for writes, durable before it returns. The rules (what may be written) belong to
 * {@code IdentityService}; check-then-act sequences across several calls are serialised per user by it.
 * Failures are {@link StoreException}.
 */
public interface IdentityStore extends AutoCloseable {

  /** Writes all four families of a new user in one atomic write; false (nothing written) if the name is taken. */
  boolean register(String username, NewUser user);

  /** The encoded {@code StoredBundle} of {@code bundle:{username}}, if the user exists. */
  Optional<byte[]> bundle(String username);

  /** The encoded {@code StoredMeta} of {@code meta:{username}}, if the user exists. */
  Optional<byte[]> meta(String username);

  /**
   * Removes and returns the user's one-time prekey with the lowest id. The removal is durable before this returns,
   * and no two calls, whatever the concurrency, return the same prekey.
   */
  Optional<StoredPreKey> takeOneTimePreKey(String username);

  /** The ids of the user's stored one-time prekeys, in ascending unsigned order. */
  List<Integer> oneTimePreKeyIds(String username);

  /** How many one-time prekeys the user has. */
  int oneTimePreKeyCount(String username);

  /** Applies {@code update} in one atomic write; false (nothing written) if the user does not exist. */
  boolean update(String username, PreKeyUpdate update);

  /** Removes every family of the user in one atomic write; false if there was nothing to delete. */
  boolean delete(String username);

  /** How many users are registered (an aggregate for metrics; cheap). */
  long userCount();

  /** Every stored key and value, for tests and offline audits (a full scan: never on a request path). */
  Map<String, byte[]> entries();

  @Override
  void close();
}
