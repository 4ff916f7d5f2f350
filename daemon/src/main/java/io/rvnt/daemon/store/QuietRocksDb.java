package io.rvnt.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A RocksDB database opened the way every RVNT store opens one (identity store, DHT records, relay mailboxes): its
 * directory created with mode 0700, its info log silenced by a {@link Logger} that drops every line, so no
 * {@code LOG} file is written (RocksDB's messages can quote keys, and keys hold usernames, peers, mailbox and deposit
 * ids: invariant 1), statistics dumps off. What RocksDB leaves in the directory is its data ({@code *.sst}, the
 * write-ahead log {@code *.log}, {@code MANIFEST-*}) and bookkeeping without keys ({@code CURRENT}, {@code IDENTITY},
 * {@code LOCK}, {@code OPTIONS-*}). Owns the native objects and closes them once, in order. Thread-safe.
 */
public final class QuietRocksDb implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final Logger silent;
  private final RocksDB db;

  private QuietRocksDb(Options options, Logger silent, RocksDB db) {
    this.options = options;
    this.silent = silent;
    this.db = db;
  }

  /**
   * Opens (creating it if missing) the database in {@code dir}.
   *
   * @param tuning adjusts the options for the store's access pattern (a Bloom filter, say); it must not set a
   *     logger or an info log level
   * @throws IOException when the directory cannot be created
   * @throws RocksDBException when RocksDB cannot open it (another process holds its lock, corruption); keep only
   *     {@link #statusCode} of it, its message can quote keys
   */
  public static QuietRocksDb open(Path dir, Consumer<Options> tuning) throws IOException, RocksDBException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Logger silent = new Logger(InfoLogLevel.HEADER_LEVEL) {
      @Override
      protected void log(InfoLogLevel level, String message) {
        // Dropped on purpose: RocksDB's messages may quote keys.
      }
    };
    Options options = new Options()
        .setCreateIfMissing(true)
        .setKeepLogFileNum(1)
        .setStatsDumpPeriodSec(0)
        .setStatsPersistPeriodSec(0);
    tuning.accept(options);
    options.setLogger(silent).setInfoLogLevel(InfoLogLevel.HEADER_LEVEL);
    try {
      return new QuietRocksDb(options, silent, RocksDB.open(options, dir.toString()));
    } catch (RocksDBException e) {
      options.close();
      silent.close();
      throw e;
    }
  }

  /** {@link #open} with RocksDB's default tuning. */
  public static QuietRocksDb open(Path dir) throws IOException, RocksDBException {
    return open(dir, options -> { });
  }

  public RocksDB db() {
    return db;
  }

  /**
   * Syncs the write-ahead log and closes the database, then its options and logger; a second call does nothing. A
   * store's acknowledged writes were synced already: the sync is for whatever was written without.
   */
  @Override
  public synchronized void close() {
    if (!db.isOwningHandle()) {
      return;
    }
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Every acknowledged write was synced already; nothing depends on this.
    }
    db.close();
    options.close();
    silent.close();
  }

  /** The status code of a RocksDB failure, such as {@code IOError}: all of it that may be shown or logged. */
  public static String statusCode(RocksDBException e) {
    return e.getStatus() == null ? "unknown" : e.getStatus().getCode().name();
  }
}
