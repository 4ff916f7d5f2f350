package io.rvnt.dht.record;

import io.rvnt.daemon.store.QuietRocksDb;
import io.rvnt.dht.DhtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A {@link RecordStore} in RocksDB, so a restarted node keeps its records. Writes are synced (WAL fsync): a record
 * acknowledged to a peer survives a crash. A write the full disk refuses fails with STORAGE_FULL and stores
 * nothing; the first write after space returned reopens the database ({@link QuietRocksDb}). Opened as every RVNT store is ({@link QuietRocksDb}: no info log, since
 * its lines can quote keys and record keys name peers, invariant 1); failures keep RocksDB's status code only, not
 * its message, for the same reason.
 */
public final class RocksDbRecordStore implements RecordStore {

  private final QuietRocksDb rocks;
  private final WriteOptions writeOptions = new WriteOptions().setSync(true);

  private RocksDbRecordStore(QuietRocksDb rocks) {
    this.rocks = rocks;
  }

  /** Opens (or creates, with mode 0700) the database in {@code directory}. */
  public static RocksDbRecordStore open(Path directory) {
    try {
      return new RocksDbRecordStore(QuietRocksDb.open(directory));
    } catch (RocksDBException e) {
      throw failure("open", e);
    } catch (IOException e) {
      throw new DhtException(DhtException.Reason.STORE_FAILED, "record store directory cannot be created");
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
  public void put(byte[] key, byte[] value) {
    try {
      rocks.write(db -> {
        db.put(writeOptions, key, value);
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  @Override
  public void delete(byte[] key) {
    try {
      rocks.write(db -> {
        db.delete(writeOptions, key);
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
  }

  @Override
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    try {
      rocks.read(db -> {
        try (RocksIterator it = db.newIterator()) {
          for (it.seek(prefix); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (!InMemoryRecordStore.startsWith(key, prefix) || !visitor.test(key, it.value())) {
              return null;
            }
          }
          // isValid() is false at the end and after a failed read (I/O error, corruption) alike: tell them apart.
          it.status();
        }
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  @Override
  public void close() {
    rocks.close();
    writeOptions.close();
  }

  // RocksDB's message can quote a key: keep only the operation and the status code.
  private static DhtException failure(String operation, RocksDBException e) {
    if (QuietRocksDb.isNoSpace(e)) {
      return new DhtException(DhtException.Reason.STORAGE_FULL, "record store " + operation + " refused: disk full");
    }
    return new DhtException(DhtException.Reason.STORE_FAILED, "record store " + operation + " failed ("
        + QuietRocksDb.statusCode(e) + ")");
  }
}
