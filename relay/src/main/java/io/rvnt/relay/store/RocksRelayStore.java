package io.rvnt.relay.store;

import io.rvnt.daemon.store.QuietRocksDb;
import io.rvnt.relay.core.RelayStore;
import io.rvnt.relay.core.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The relay's store on RocksDB, with the key schema of spec §9 and nothing else; opened as every RVNT store is
 * ({@link QuietRocksDb}: mode 0700, no info log, since its lines could quote keys, and keys hold mailbox and deposit
 * ids).
 *
 * <p>A transaction is a {@link WriteBatchWithIndex}: reads inside it see its own staged writes over the database,
 * and its commit is one write with {@code sync = true}, so a deposit acknowledged after it survives {@code kill -9}
 * and a power cut; the relay's writer puts many requests into one such commit (group commit). A commit the full disk
 * refuses fails with {@link StoreException#diskFull()}, and the first commit after space returned reopens the
 * database ({@link QuietRocksDb}). Point lookups
 * (deposit ids, acknowledgements) go through a Bloom filter.
 */
public final class RocksRelayStore implements RelayStore {

  private final QuietRocksDb rocks;
  private final WriteOptions syncWrite;
  private final ReadOptions read;

  private RocksRelayStore(QuietRocksDb rocks) {
    this.rocks = rocks;
    this.syncWrite = new WriteOptions().setSync(true);
    this.read = new ReadOptions();
  }

  /** Opens (creating with mode 0700 if missing) the database in {@code dir}. */
  public static RocksRelayStore open(Path dir) {
    try {
      return new RocksRelayStore(QuietRocksDb.open(dir, options ->
          options.setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)))));
    } catch (IOException e) {
      throw new StoreException("cannot create the store directory", e);
    } catch (RocksDBException e) {
      throw new StoreException("cannot open the store (" + QuietRocksDb.statusCode(e)
          + "; is another relay using this data directory?)");
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(rocks.read(db -> db.get(key)));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public void scan(byte[] from, byte[] to, Visitor visitor) {
    try {
      rocks.read(db -> {
        try (Slice upper = new Slice(to);
            ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
            RocksIterator it = db.newIterator(bounded)) {
          for (it.seek(from); it.isValid(); it.next()) {
            if (!visitor.visit(it.key(), it.value())) {
              return null;
            }
          }
          it.status();
        }
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  @Override
  public Transaction begin() {
    WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    return new Transaction() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        try {
          return Optional.ofNullable(rocks.read(db -> batch.getFromBatchAndDB(db, read, key)));
        } catch (RocksDBException e) {
          throw failure("read", e);
        }
      }

      @Override
      public void put(byte[] key, byte[] value) {
        try {
          batch.put(key, value);
        } catch (RocksDBException e) {
          throw failure("stage", e);
        }
      }

      @Override
      public void delete(byte[] key) {
        try {
          batch.delete(key);
        } catch (RocksDBException e) {
          throw failure("stage", e);
        }
      }

      @Override
      public void commit() {
        try {
          rocks.write(db -> {
            db.write(syncWrite, batch);
            return null;
          });
          batch.clear();
        } catch (RocksDBException e) {
          throw failure("commit", e);
        }
      }

      @Override
      public void close() {
        batch.close();
      }
    };
  }

  /** Every key and value, in key order: what the stored-fields test reads. */
  public Map<byte[], byte[]> entries() {
    Map<byte[], byte[]> all = new TreeMap<>(Arrays::compareUnsigned);
    try {
      rocks.read(db -> {
        try (RocksIterator it = db.newIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            all.put(it.key(), it.value());
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

  /** Closes the database; every acknowledged write was synced already. */
  @Override
  public void close() {
    synchronized (rocks) {
      rocks.close();
      read.close();
      syncWrite.close();
    }
  }

  // RocksDB's message can quote a key: keep only the operation and the status code.
  private static StoreException failure(String operation, RocksDBException e) {
    return new StoreException("the relay store failed to " + operation + " (" + QuietRocksDb.statusCode(e) + ")",
        QuietRocksDb.isNoSpace(e));
  }
}
