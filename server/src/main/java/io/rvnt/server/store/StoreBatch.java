package io.rvnt.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The changes of one atomic write, in domain terms: each store turns them into its keys (spec §10). Built by the
 * rules, which read first and so know what they change: a user is put only when absent and deleted only when
 * present, a digest put only when not remembered and deleted only when it is, so the stores' counts stay exact.
 * Not thread-safe: one batch belongs to one write.
 */
public final class StoreBatch {
  /** What a store does with each change, in the order they were added. */
  interface Target {
    void putUser(String username, NewUser user);

    void putOneTimePreKeys(String username, List<StoredPreKey> preKeys);

    void deleteOneTimePreKey(String username, int id);

    void putBundle(String username, byte[] storedBundle);

    void putMeta(String username, byte[] storedMeta);

    void deleteUser(String username);

    void putReplay(ReplayEntry entry);

    void deleteReplay(ReplayEntry entry);
  }

  private final List<Consumer<Target>> changes = new ArrayList<>();
  private long userDelta;
  private long replayDelta;
  private AppliedIndex applied;

  /** All four families of a user who does not exist yet. */
  public StoreBatch putUser(String username, NewUser user) {
    changes.add(target -> target.putUser(username, user));
    userDelta++;
    return this;
  }

  public StoreBatch putOneTimePreKeys(String username, List<StoredPreKey> preKeys) {
    List<StoredPreKey> copy = List.copyOf(preKeys);
    changes.add(target -> target.putOneTimePreKeys(username, copy));
    return this;
  }

  public StoreBatch deleteOneTimePreKey(String username, int id) {
    changes.add(target -> target.deleteOneTimePreKey(username, id));
    return this;
  }

  public StoreBatch putBundle(String username, byte[] storedBundle) {
    byte[] copy = storedBundle.clone();
    changes.add(target -> target.putBundle(username, copy));
    return this;
  }

  public StoreBatch putMeta(String username, byte[] storedMeta) {
    byte[] copy = storedMeta.clone();
    changes.add(target -> target.putMeta(username, copy));
    return this;
  }

  /** Every family of a user who exists. */
  public StoreBatch deleteUser(String username) {
    changes.add(target -> target.deleteUser(username));
    userDelta--;
    return this;
  }

  /** Remembers a digest that is not remembered now. */
  public StoreBatch putReplay(ReplayEntry entry) {
    changes.add(target -> target.putReplay(entry));
    replayDelta++;
    return this;
  }

  /** Forgets a remembered digest. */
  public StoreBatch deleteReplay(ReplayEntry entry) {
    changes.add(target -> target.deleteReplay(entry));
    replayDelta--;
    return this;
  }

  /** Records, in the same write, that the log entry at {@code index} is applied. */
  public StoreBatch applied(AppliedIndex index) {
    this.applied = index;
    return this;
  }

  public boolean isEmpty() {
    return changes.isEmpty() && applied == null;
  }

  void applyTo(Target target) {
    changes.forEach(change -> change.accept(target));
  }

  Optional<AppliedIndex> appliedIndex() {
    return Optional.ofNullable(applied);
  }

  /** Users added minus users removed. */
  long userDelta() {
    return userDelta;
  }

  /** Digests remembered minus digests forgotten. */
  long replayDelta() {
    return replayDelta;
  }

  @Override
  public String toString() {
    return "StoreBatch[" + changes.size() + " changes]";
  }
}
