package io.rvnt.server.store;

import io.rvnt.daemon.store.QuietRocksDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The identity store on RocksDB, with the key schema of spec §10 and nothing else about users.
 *
 * <p>Every write is synced ({@code WriteOptions.setSync(true)}): when a method returns, the write-ahead log is on
 * disk, so what a client saw acknowledged survives {@code kill -9}. Concurrent synced writes share one fsync through
 * RocksDB's group commit. A write the full disk refuses fails with a {@link StoreException#diskFull()}; the first write
 * after space returned reopens the database ({@link QuietRocksDb}).
 *
 * <p>Opened as every RVNT store is ({@link QuietRocksDb}): no info log, since its messages can quote keys and keys
 * contain usernames. What RocksDB leaves in the data directory is its data ({@code *.sst}, the write-ahead log
 * {@code *.log}, {@code MANIFEST-*}) and bookkeeping without user data ({@code CURRENT}, {@code IDENTITY},
 * {@code LOCK}, {@code OPTIONS-*}); see docs/server-config.md.
 */
public final class RocksDbIdentityStore implements IdentityStore {
  private static final int LOCK_STRIPES = 1024;

  private final QuietRocksDb rocks;
  private final WriteOptions syncWrite;
  // Per-user locks for read-then-write operations (taken OPK, taken username). Striped: a fixed memory bound.
  private final Object[] stripes = new Object[LOCK_STRIPES];
  // Counted once at open (a scan of the bundle: keys), then kept up to date by register and delete.
  private final AtomicLong users = new AtomicLong();

  private RocksDbIdentityStore(QuietRocksDb rocks) {
    this.rocks = rocks;
    this.syncWrite = new WriteOptions().setSync(true);
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
    users.set(countBundles());
  }

  private long countBundles() {
    try {
      return rocks.read(db -> {
        long count = 0;
        try (Slice upper = new Slice(StoreKeys.utf8(StoreKeys.BUNDLE_END));
            ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
            RocksIterator it = db.newIterator(read)) {
          for (it.seek(StoreKeys.utf8(StoreKeys.BUNDLE)); it.isValid(); it.next()) {
            count++;
          }
          it.status();
        }
        return count;
      });
    } catch (RocksDBException e) {
      throw failure("count users", e);
    }
  }

  /** Opens (creating with mode 0700 if missing) the database in {@code dataDir}. */
  public static RocksDbIdentityStore open(Path dataDir) {
    try {
      return new RocksDbIdentityStore(QuietRocksDb.open(dataDir));
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory", e);
    } catch (RocksDBException e) {
      throw new StoreException("cannot open the database (is another server using this data directory?)", e);
    }
  }

  @Override
  public boolean register(String username, NewUser user) {
    synchronized (stripe(username)) {
      try (WriteBatch batch = new WriteBatch()) {
        if (bundle(username).isPresent()) {
          return false;
        }
        batch.put(StoreKeys.bundle(username), user.storedBundle());
        for (StoredPreKey preKey : user.oneTimePreKeys()) {
          batch.put(StoreKeys.opk(username, preKey.id()), preKey.publicKey());
        }
        batch.put(StoreKeys.pow(username), user.powHash());
        batch.put(StoreKeys.meta(username), user.storedMeta());
        write(batch);
        users.incrementAndGet();
        return true;
      } catch (RocksDBException e) {
        throw failure("register", e);
      }
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
  public Optional<StoredPreKey> takeOneTimePreKey(String username) {
    synchronized (stripe(username)) {
      try {
        Optional<StoredPreKey> first = rocks.read(db -> {
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
        if (first.isPresent()) {
          // Deleted and synced before the caller can hand the key out: never twice, even across a crash.
          rocks.write(db -> {
            db.delete(syncWrite, StoreKeys.opk(username, first.get().id()));
            return null;
          });
        }
        return first;
      } catch (RocksDBException e) {
        throw failure("take a one-time prekey", e);
      }
    }
  }

  @Override
  public List<Integer> oneTimePreKeyIds(String username) {
    List<Integer> ids = new ArrayList<>();
    scanPreKeys(username, key -> ids.add(StoreKeys.idOf(key)));
    return ids;
  }

  @Override
  public int oneTimePreKeyCount(String username) {
    int[] count = {0};
    scanPreKeys(username, key -> count[0]++);
    return count[0];
  }

  @Override
  public boolean update(String username, PreKeyUpdate update) {
    synchronized (stripe(username)) {
      try (WriteBatch batch = new WriteBatch()) {
        if (bundle(username).isEmpty()) {
          return false;
        }
        for (StoredPreKey preKey : update.addedOneTimePreKeys()) {
          batch.put(StoreKeys.opk(username, preKey.id()), preKey.publicKey());
        }
        if (update.storedBundle().isPresent()) {
          batch.put(StoreKeys.bundle(username), update.storedBundle().get());
        }
        batch.put(StoreKeys.meta(username), update.storedMeta());
        write(batch);
        return true;
      } catch (RocksDBException e) {
        throw failure("update prekeys", e);
      }
    }
  }

  @Override
  public boolean delete(String username) {
    synchronized (stripe(username)) {
      try (WriteBatch batch = new WriteBatch()) {
        boolean hadBundle = bundle(username).isPresent();
        boolean existed = hadBundle || oneTimePreKeyCount(username) > 0;
        batch.delete(StoreKeys.bundle(username));
        batch.deleteRange(StoreKeys.opkPrefix(username), StoreKeys.opkPrefixEnd(username));
        batch.delete(StoreKeys.pow(username));
        batch.delete(StoreKeys.meta(username));
        write(batch);
        if (hadBundle) {
          users.decrementAndGet();
        }
        return existed;
      } catch (RocksDBException e) {
        throw failure("delete", e);
      }
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

  /** Closes the database; acknowledged writes were already synced. */
  @Override
  public void close() {
    synchronized (this) {
      rocks.close();
      syncWrite.close();
    }
  }

  private Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(rocks.read(db -> db.get(key)));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  private void write(WriteBatch batch) throws RocksDBException {
    rocks.write(db -> {
      db.write(syncWrite, batch);
      return null;
    });
  }

  private void scanPreKeys(String username, Consumer<byte[]> onKey) {
    try {
      rocks.read(db -> {
        try (Slice upper = new Slice(StoreKeys.opkPrefixEnd(username));
            ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
            RocksIterator it = db.newIterator(read)) {
          for (it.seek(StoreKeys.opkPrefix(username)); it.isValid(); it.next()) {
            onKey.accept(it.key());
          }
          it.status();
        }
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("scan prekeys", e);
    }
  }

  private Object stripe(String username) {
    return stripes[Math.floorMod(username.hashCode(), stripes.length)];
  }

  // RocksDB's message can quote a key: keep only the operation and the status code.
  private static StoreException failure(String operation, RocksDBException e) {
    return new StoreException("store failed to " + operation + " (" + QuietRocksDb.statusCode(e) + ")",
        QuietRocksDb.isNoSpace(e));
  }
}
