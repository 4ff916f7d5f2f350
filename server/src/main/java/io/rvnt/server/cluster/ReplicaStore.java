package io.rvnt.server.cluster;

import io.rvnt.server.store.AppliedIndex;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.ReplaySweep;
import io.rvnt.server.store.RocksDbIdentityStore;
import io.rvnt.server.store.StoreBatch;
import io.rvnt.server.store.StoreException;
import io.rvnt.server.store.StoredPreKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A cluster member's copy of the store, which the state machine replaces with a snapshot when it catches up by
 * installation: everyone (the identity rules reading to authenticate, the metrics) holds this one object, and every
 * call goes to the database of the moment. A replacement waits for the calls in progress and holds new ones until it
 * is done. Thread-safe.
 */
final class ReplicaStore implements IdentityStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private RocksDbIdentityStore current; // Guarded by lock.

  /** Opens the database in {@code dir}, closing the one before (if any). Blocks calls meanwhile. */
  void open(Path dir) {
    lock.writeLock().lock();
    try {
      if (current != null) {
        current.close();
        current = null;
      }
      current = RocksDbIdentityStore.openReplica(dir);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes the database and runs {@code whileClosed} (which may replace its files) before anyone reads again. */
  void replace(Path dir, Runnable whileClosed) {
    lock.writeLock().lock();
    try {
      if (current != null) {
        current.close();
        current = null;
      }
      whileClosed.run();
      current = RocksDbIdentityStore.openReplica(dir);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** A checkpoint of the database as it is now (see {@link RocksDbIdentityStore#checkpoint}). */
  void checkpoint(Path target) {
    read(db -> {
      db.checkpoint(target);
      return null;
    });
  }

  private <T> T read(Function<RocksDbIdentityStore, T> call) {
    lock.readLock().lock();
    try {
      if (current == null) {
        throw new StoreException("the member's store is closed");
      }
      return call.apply(current);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<byte[]> bundle(String username) {
    return read(db -> db.bundle(username));
  }

  @Override
  public Optional<byte[]> meta(String username) {
    return read(db -> db.meta(username));
  }

  @Override
  public Optional<StoredPreKey> firstOneTimePreKey(String username) {
    return read(db -> db.firstOneTimePreKey(username));
  }

  @Override
  public List<Integer> oneTimePreKeyIds(String username) {
    return read(db -> db.oneTimePreKeyIds(username));
  }

  @Override
  public int oneTimePreKeyCount(String username) {
    return read(db -> db.oneTimePreKeyCount(username));
  }

  @Override
  public OptionalLong replayExpiry(byte[] digest) {
    return read(db -> db.replayExpiry(digest));
  }

  @Override
  public ReplaySweep replaySweep(long nowMs) {
    return read(db -> db.replaySweep(nowMs));
  }

  @Override
  public long replayCount() {
    return read(RocksDbIdentityStore::replayCount);
  }

  @Override
  public Optional<AppliedIndex> applied() {
    return read(RocksDbIdentityStore::applied);
  }

  @Override
  public void write(StoreBatch batch) {
    read(db -> {
      db.write(batch);
      return null;
    });
  }

  /** Zero while a replacement is in progress or after close: a metric must never wait for a snapshot. */
  @Override
  public long userCount() {
    if (!lock.readLock().tryLock()) {
      return 0;
    }
    try {
      return current == null ? 0 : current.userCount();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Map<String, byte[]> entries() {
    return read(RocksDbIdentityStore::entries);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (current != null) {
        current.close();
        current = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
