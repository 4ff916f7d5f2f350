package io.rvnt.dht.record;

import io.rvnt.dht.DhtException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A {@link RecordStore} in RocksDB, so a restarted node keeps its records. Writes are synced (WAL fsync): a record
 * acknowledged to a peer survives a crash.
 */
public final class RocksDbRecordStore implements RecordStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  private RocksDbRecordStore(Options options, WriteOptions writeOptions, RocksDB db) {
    this.options = options;
    this.writeOptions = writeOptions;
    this.db = db;
  }

  /** Opens (or creates) the database in {@code directory}. */
  public static RocksDbRecordStore open(Path directory) {
    Options options = new Options().setCreateIfMissing(true).setKeepLogFileNum(2);
    WriteOptions writeOptions = new WriteOptions().setSync(true);
    try {
      return new RocksDbRecordStore(options, writeOptions, RocksDB.open(options, directory.toString()));
    } catch (RocksDBException e) {
      writeOptions.close();
      options.close();
      throw new DhtException(DhtException.Reason.STORE_FAILED, "cannot open the record store", e);
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(db.get(key));
    } catch (RocksDBException e) {
      throw new DhtException(DhtException.Reason.STORE_FAILED, "record store read failed", e);
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    try {
      db.put(writeOptions, key, value);
    } catch (RocksDBException e) {
      throw new DhtException(DhtException.Reason.STORE_FAILED, "record store write failed", e);
    }
  }

  @Override
  public void delete(byte[] key) {
    try {
      db.delete(writeOptions, key);
    } catch (RocksDBException e) {
      throw new DhtException(DhtException.Reason.STORE_FAILED, "record store delete failed", e);
    }
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!InMemoryRecordStore.startsWith(key, prefix) || !visitor.test(key, it.value())) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
  }
}
