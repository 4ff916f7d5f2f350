package io.rvnt.server.ledger;

import io.rvnt.server.store.IdentityStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger of a single instance: a command is applied at once, on the caller's thread, to a store whose every write
 * is synced. Commands on one user are applied one at a time (striped locks, so memory does not grow with users), and
 * so are the commands of signed requests, which share the replay memory; other commands run concurrently, and their
 * synced writes share fsyncs through RocksDB's group commit. Thread-safe.
 */
public final class LocalLedger implements Ledger {
  private static final int LOCK_STRIPES = 1024;

  private final IdentityStore store;
  private final StateRules rules;
  private final ReentrantLock[] userLocks = new ReentrantLock[LOCK_STRIPES];
  private final ReentrantLock replayLock = new ReentrantLock();

  public LocalLedger(IdentityStore store) {
    this.store = store;
    this.rules = new StateRules(store);
    for (int i = 0; i < userLocks.length; i++) {
      userLocks[i] = new ReentrantLock();
    }
  }

  @Override
  public CompletableFuture<Outcome> submit(Command command) {
    ReentrantLock user = userLocks[Math.floorMod(command.username().hashCode(), userLocks.length)];
    user.lock();
    try {
      if (!command.usesReplayMemory()) {
        return CompletableFuture.completedFuture(rules.apply(command, Optional.empty()));
      }
      // Always after the user's lock, never before: one order, no deadlock.
      replayLock.lock();
      try {
        return CompletableFuture.completedFuture(rules.apply(command, Optional.empty()));
      } finally {
        replayLock.unlock();
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      user.unlock();
    }
  }

  /** The local store is the only copy: it never lags. */
  @Override
  public boolean mayLag() {
    return false;
  }

  @Override
  public Optional<byte[]> freshBundle(String username) {
    return store.bundle(username);
  }
}
