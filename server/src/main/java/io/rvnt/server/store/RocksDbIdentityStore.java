package io.rvnt.server.store;

import io.rvnt.daemon.store.QuietRocksDb;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rocksdb.Checkpoint;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The identity store on RocksDB, with the key schema of spec §10 and nothing else about users.
 *
 * <p>A single instance's store ({@link #open}) syncs every write ({@code WriteOptions.setSync(true)}): when a write
 * returns, the write-ahead log is on disk, so what a client saw acknowledged survives {@code kill -9}; concurrent
 * synced writes share one fsync through RocksDB's group commit. A cluster member's store ({@link #openReplica}) does
 * not: the replicated log, synced on a majority before anything is acknowledged, is the durable record, and each
 * write carries the index of the entry it applies, so a member that lost its last writes applies them again. A write
 * the full disk refuses fails with a {@link StoreException#diskFull()}; the first write after space returned reopens
 * the database ({@link QuietRocksDb}).
 *
 * <p>Opened as every RVNT store is ({@link QuietRocksDb}): no info log, since its messages can quote keys and keys
 * contain usernames. What RocksDB leaves in the data directory is its data ({@code *.sst}, the write-ahead log
 * {@code *.log}, {@code MANIFEST-*}) and bookkeeping without user data ({@code CURRENT}, {@code IDENTITY},
 * {@code LOCK}, {@code OPTIONS-*}); see docs/server-config.md.
 */
public final class RocksDbIdentityStore implements IdentityStore {
  private final QuietRocksDb rocks;
  private final WriteOptions writeOptions;
  // Counted once at open (scans), then kept up to date by each write's batch.
  private final AtomicLong users = new AtomicLong();
  private final AtomicLong replays = new AtomicLong();
  // Guarded by this.
  private boolean closed;

  private RocksDbIdentityStore(QuietRocksDb rocks, boolean sync) {
    this.rocks = rocks;
    this.writeOptions = new WriteOptions().setSync(sync);
    users.set(count(StoreKeys.BUNDLE, StoreKeys.BUNDLE_END));
    replays.set(count(StoreKeys.REPLAY, StoreKeys.REPLAY_END));
  }

  /** Opens (creating with mode 0700 if missing) a single instance's database in {@code dataDir}: synced writes. */
  public static RocksDbIdentityStore open(Path dataDir) {
    return open(dataDir, true);
  }

  /** Opens a cluster member's copy in {@code dir}: writes are not synced, the replicated log is (see above). */
  public static RocksDbIdentityStore openReplica(Path dir) {
    return open(dir, false);
  }

  private static RocksDbIdentityStore open(Path dataDir, boolean sync) {
    try {
      return new RocksDbIdentityStore(QuietRocksDb.open(dataDir), sync);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory", e);
    } catch (RocksDBException e) {
      throw new StoreException("cannot open the database (is another server using this data directory?)", e);
    }
  }

  @Override
  public Optional<byte[]> bundle(String username) {
    return get(StoreKeys.bundle(username));
  }

  @Override
  public Optional<byte[]> meta(String username) {
    return get(StoreKeys.meta(username));
  }

  @Override
  public Optional<StoredPreKey> firstOneTimePreKey(String username) {
    try {
      return rocks.read(db -> {
        try (Slice upper = new Slice(StoreKeys.opkPrefixEnd(username));
            ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
            RocksIterator it = db.newIterator(read)) {
          it.seek(StoreKeys.opkPrefix(username));
          if (!it.isValid()) {
            it.status();
            return Optional.empty();
          }
          return Optional.of(new StoredPreKey(StoreKeys.idOf(it.key()), it.value()));
        }
      });
    } catch (RocksDBException e) {
      throw failure("read a one-time prekey", e);
    }
  }

  @Override
  public List<Integer> oneTimePreKeyIds(String username) {
    List<Integer> ids = new ArrayList<>();
    scan(StoreKeys.opkPrefix(username), StoreKeys.opkPrefixEnd(username), key -> ids.add(StoreKeys.idOf(key)));
    return ids;
  }

  @Override
  public int oneTimePreKeyCount(String username) {
    int[] count = {0};
    scan(StoreKeys.opkPrefix(username), StoreKeys.opkPrefixEnd(username), key -> count[0]++);
    return count[0];
  }

  @Override
  public OptionalLong replayExpiry(byte[] digest) {
    return get(StoreKeys.replay(new ReplayEntry(digest, 0)))
        .map(value -> OptionalLong.of(ByteBuffer.wrap(value).getLong()))
        .orElse(OptionalLong.empty());
  }

  @Override
  public ReplaySweep replaySweep(long nowMs) {
    List<ReplayEntry> expired = new ArrayList<>();
    try {
      return rocks.read(db -> {
        try (Slice upper = new Slice(StoreKeys.utf8(StoreKeys.REPLAY_EXPIRY_END));
            ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
            RocksIterator it = db.newIterator(read)) {
          for (it.seek(StoreKeys.utf8(StoreKeys.REPLAY_EXPIRY)); it.isValid(); it.next()) {
            ReplayEntry entry = StoreKeys.replayOf(it.key());
            if (entry.expiresAtMs() > nowMs) {
              return new ReplaySweep(expired, OptionalLong.of(entry.expiresAtMs()));
            }
            expired.add(entry);
          }
          it.status();
        }
        return new ReplaySweep(expired, OptionalLong.empty());
      });
    } catch (RocksDBException e) {
      throw failure("scan the replay memory", e);
    }
  }

  @Override
  public long replayCount() {
    return replays.get();
  }

  @Override
  public Optional<AppliedIndex> applied() {
    return get(StoreKeys.utf8(StoreKeys.APPLIED)).map(value -> {
      ByteBuffer buffer = ByteBuffer.wrap(value);
      return new AppliedIndex(buffer.getLong(), buffer.getLong());
    });
  }

  @Override
  public void write(StoreBatch batch) {
    try (WriteBatch write = new WriteBatch()) {
      batch.applyTo(new BatchWriter(write));
      if (batch.appliedIndex().isPresent()) {
        AppliedIndex applied = batch.appliedIndex().get();
        write.put(StoreKeys.utf8(StoreKeys.APPLIED),
            ByteBuffer.allocate(16).putLong(applied.term()).putLong(applied.index()).array());
      }
      rocks.write(db -> {
        db.write(writeOptions, write);
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("write", e);
    } catch (BatchFailure e) {
      throw failure("prepare a write", e.cause);
    }
    users.addAndGet(batch.userDelta());
    replays.addAndGet(batch.replayDelta());
  }

  /** A batch's changes as RocksDB keys and values. */
  private record BatchWriter(WriteBatch write) implements StoreBatch.Target {
    @Override
    public void putUser(String username, NewUser user) {
      put(StoreKeys.bundle(username), user.storedBundle());
      putOneTimePreKeys(username, user.oneTimePreKeys());
      put(StoreKeys.pow(username), user.powHash());
      put(StoreKeys.meta(username), user.storedMeta());
    }

    @Override
    public void putOneTimePreKeys(String username, List<StoredPreKey> preKeys) {
      for (StoredPreKey preKey : preKeys) {
        put(StoreKeys.opk(username, preKey.id()), preKey.publicKey());
      }
    }

    @Override
    public void deleteOneTimePreKey(String username, int id) {
      delete(StoreKeys.opk(username, id));
    }

    @Override
    public void putBundle(String username, byte[] storedBundle) {
      put(StoreKeys.bundle(username), storedBundle);
    }

    @Override
    public void putMeta(String username, byte[] storedMeta) {
      put(StoreKeys.meta(username), storedMeta);
    }

    @Override
    public void deleteUser(String username) {
      delete(StoreKeys.bundle(username));
      try {
        write.deleteRange(StoreKeys.opkPrefix(username), StoreKeys.opkPrefixEnd(username));
      } catch (RocksDBException e) {
        throw new BatchFailure(e);
      }
      delete(StoreKeys.pow(username));
      delete(StoreKeys.meta(username));
    }

    @Override
    public void putReplay(ReplayEntry entry) {
      put(StoreKeys.replay(entry), ByteBuffer.allocate(8).putLong(entry.expiresAtMs()).array());
      put(StoreKeys.replayExpiry(entry), new byte[0]);
    }

    @Override
    public void deleteReplay(ReplayEntry entry) {
      delete(StoreKeys.replay(entry));
      delete(StoreKeys.replayExpiry(entry));
    }

    private void put(byte[] key, byte[] value) {
      try {
        write.put(key, value);
      } catch (RocksDBException e) {
        throw new BatchFailure(e);
      }
    }

    private void delete(byte[] key) {
      try {
        write.delete(key);
      } catch (RocksDBException e) {
        throw new BatchFailure(e);
      }
    }
  }

  /** Carries a RocksDBException out of the batch writer's unchecked methods. */
  private static final class BatchFailure extends RuntimeException {
    final RocksDBException cause;

    BatchFailure(RocksDBException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }

  /**
   * A consistent copy of the whole database in {@code target} (which must not exist), hard-linking its immutable
   * files: a cluster member's snapshot. Call it where no write runs concurrently if the copy must match a position.
   */
  public void checkpoint(Path target) {
    try {
      rocks.read(db -> {
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
          checkpoint.createCheckpoint(target.toString());
        }
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("write a checkpoint", e);
    }
  }

  @Override
  public Map<String, byte[]> entries() {
    Map<String, byte[]> all = new LinkedHashMap<>();
    try {
      rocks.read(db -> {
        try (RocksIterator it = db.newIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            all.put(new String(it.key(), StandardCharsets.UTF_8), it.value());
          }
          it.status();
        }
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
    return all;
  }

  @Override
  public long userCount() {
    return users.get();
  }

  /** Syncs the write-ahead log and closes the database; a single instance's writes were already synced. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      // QuietRocksDb syncs the write-ahead log before closing: a single instance synced every write already; a
      // cluster member can apply its last entries again from the replicated log.
      rocks.close();
      writeOptions.close();
    }
  }

  private Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(rocks.read(db -> db.get(key)));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  private long count(String from, String to) {
    long[] count = {0};
    scan(StoreKeys.utf8(from), StoreKeys.utf8(to), key -> count[0]++);
    return count[0];
  }

  private void scan(byte[] from, byte[] to, Consumer<byte[]> onKey) {
    try {
      rocks.read(db -> {
        try (Slice upper = new Slice(to);
            ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
            RocksIterator it = db.newIterator(read)) {
          for (it.seek(from); it.isValid(); it.next()) {
            onKey.accept(it.key());
          }
          it.status();
        }
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  // RocksDB's message can quote a key: keep only the operation and the status code.
  private static StoreException failure(String operation, RocksDBException e) {
    return new StoreException("store failed to " + operation + " (" + QuietRocksDb.statusCode(e) + ")",
        QuietRocksDb.isNoSpace(e));
  }
}
