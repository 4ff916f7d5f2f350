package io.rvnt.dht.record;

import io.rvnt.dht.DhtException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A {@link RecordStore} in RocksDB, so a restarted node keeps its records. Writes are synced (WAL fsync): a record
 * acknowledged to a peer survives a crash.
 *
 * <p>RocksDB's info log is silenced with a {@link Logger} that drops every line, so no {@code LOG} file is written:
 * its lines can quote keys, and record keys name peers (invariant 1). Failures keep RocksDB's status code only, not
 * its message, for the same reason.
 */
public final class RocksDbRecordStore implements RecordStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final Logger silentLogger;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  private RocksDbRecordStore(Options options, Logger silentLogger, WriteOptions writeOptions, RocksDB db) {
    this.options = options;
    this.silentLogger = silentLogger;
    this.writeOptions = writeOptions;
    this.db = db;
  }

  /** Opens (or creates) the database in {@code directory}. */
  public static RocksDbRecordStore open(Path directory) {
    Logger silent =
        new Logger(InfoLogLevel.HEADER_LEVEL) {
          @Override
          protected void log(InfoLogLevel level, String message) {
            // Dropped on purpose: RocksDB's messages may quote keys, and record keys name peers.
          }
        };
    Options options = new Options()
        .setCreateIfMissing(true)
        .setLogger(silent)
        .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
        .setKeepLogFileNum(1)
        .setStatsDumpPeriodSec(0)
        .setStatsPersistPeriodSec(0);
    WriteOptions writeOptions = new WriteOptions().setSync(true);
    try {
      return new RocksDbRecordStore(options, silent, writeOptions, RocksDB.open(options, directory.toString()));
    } catch (RocksDBException e) {
      writeOptions.close();
      options.close();
      silent.close();
      throw failure("open", e);
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(db.get(key));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    try {
      db.put(writeOptions, key, value);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  @Override
  public void delete(byte[] key) {
    try {
      db.delete(writeOptions, key);
    } catch (RocksDBException e) {
      throw failure("delete", e);
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
      // isValid() is false at the end and after a failed read (I/O error, corruption) alike: tell them apart.
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
    silentLogger.close();
  }

  // RocksDB's message can quote a key: keep only the operation and the status code.
  private static DhtException failure(String operation, RocksDBException e) {
    String code = e.getStatus() == null ? "unknown" : e.getStatus().getCode().name();
    return new DhtException(DhtException.Reason.STORE_FAILED, "record store " + operation + " failed (" + code + ")");
  }
}
