package io.rvnt.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The identity server's storage (spec §10): the four key families per user, the replay memory of spec §5 step 6,
 * and, on a cluster member, the position of the last entry of the replicated log it applied. Reads are by key;
 * every change goes through {@link #write(StoreBatch)}, one atomic write. The rules (what may be written) belong to
 * the {@code ledger} package, which serialises the check-then-write sequences. Failures are {@link StoreException}.
 * Thread-safe.
 */
public interface IdentityStore extends AutoCloseable {

  /** The encoded {@code StoredBundle} of {@code bundle:{username}}, if the user exists. */
  Optional<byte[]> bundle(String username);

  /** The encoded {@code StoredMeta} of {@code meta:{username}}, if the user exists. */
  Optional<byte[]> meta(String username);

  /** The user's one-time prekey with the lowest id, left in place. */
  Optional<StoredPreKey> firstOneTimePreKey(String username);

  /** The ids of the user's stored one-time prekeys, in ascending unsigned order. */
  List<Integer> oneTimePreKeyIds(String username);

  /** How many one-time prekeys the user has. */
  int oneTimePreKeyCount(String username);

  /** Until when {@code digest} is remembered as a signed request already received, if it is. */
  OptionalLong replayExpiry(byte[] digest);

  /** The remembered digests whose time is up at {@code nowMs}, and the expiry of the eldest one still live. */
  ReplaySweep replaySweep(long nowMs);

  /** How many digests are remembered, live or not yet swept. */
  long replayCount();

  /** The last log entry applied, on a cluster member; empty on a single instance and before the first entry. */
  Optional<AppliedIndex> applied();

  /** Applies every change of {@code batch} in one atomic write, durable as the store was opened to be. */
  void write(StoreBatch batch);

  /** How many users are registered (an aggregate for metrics; cheap). */
  long userCount();

  /** Every stored key and value, for tests and offline audits (a full scan: never on a request path). */
  Map<String, byte[]> entries();

  @Override
  void close();
}
