package io.rvnt.daemon.store;

import io.rvnt.daemon.metrics.DiskUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * A RocksDB database opened the way every RVNT store opens one (identity store, DHT records, relay mailboxes): its
 * directory created with mode 0700, its info log silenced by a {@link Logger} that drops every line, so no
 * {@code LOG} file is written (RocksDB's messages can quote keys, and keys hold usernames, peers, mailbox and deposit
 * ids: invariant 1), statistics dumps off. What RocksDB leaves in the directory is its data ({@code *.sst}, the
 * write-ahead log {@code *.log}, {@code MANIFEST-*}) and bookkeeping without keys ({@code CURRENT}, {@code IDENTITY},
 * {@code LOCK}, {@code OPTIONS-*}). Owns the native objects and closes them once, in order. Thread-safe.
 *
 * <p>A full disk: once a write fails with an I/O error (the write-ahead log could not grow: {@code ENOSPC}), RocksDB
 * refuses every later write with that error until the database is reopened, while reads go on; its Java API has no
 * {@code Resume()}. So the store is used through {@link #read} and {@link #write}, and the first write after such a
 * failure reopens the database, once {@link #REOPEN_ROOM} is free again: the failed write was not acknowledged and
 * is not replayed (point-in-time recovery stops at the torn record), every acknowledged one is there. Reads share a
 * lock that the reopen takes alone, so no read ever meets a closed handle.
 */
public final class QuietRocksDb implements AutoCloseable {

  /**
   * Free bytes needed before a reopen is tried: a reopen writes a new MANIFEST, an OPTIONS file and an empty
   * write-ahead log, a few KiB; below this the database stays open for reads and the write is refused again.
   */
  public static final long REOPEN_ROOM = 1 << 20;

  /** One use of the database; the handle is valid only during the call. */
  @FunctionalInterface
  public interface Use<T> {
    T on(RocksDB db) throws RocksDBException;
  }

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Options options;
  private final Logger silent;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  // Null only after a reopen failed; replaced under the write lock.
  private volatile RocksDB db;
  private volatile boolean writeFailed;

  private QuietRocksDb(Path dir, Options options, Logger silent, RocksDB db) {
    this.dir = dir;
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
      return new QuietRocksDb(dir, options, silent, RocksDB.open(options, dir.toString()));
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

  /** Runs a read (or anything that writes nothing) on the database. */
  public <T> T read(Use<T> use) throws RocksDBException {
    lock.readLock().lock();
    try {
      return use.on(open());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs a write on the database, reopening it first if an earlier write failed with an I/O error. A write that
   * fails with one marks the database for that reopen.
   */
  public <T> T write(Use<T> use) throws RocksDBException {
    if (writeFailed) {
      reopen();
    }
    lock.readLock().lock();
    try {
      return use.on(open());
    } catch (RocksDBException e) {
      if (e.getStatus() != null && e.getStatus().getCode() == Status.Code.IOError) {
        writeFailed = true;
      }
      throw e;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether {@code e} says the disk is full: the failure a store reports as its "storage full" refusal. */
  public static boolean isNoSpace(RocksDBException e) {
    return e.getStatus() != null && e.getStatus().getSubCode() == Status.SubCode.NoSpace;
  }

  private RocksDB open() throws RocksDBException {
    RocksDB current = db;
    if (current == null) {
      throw new RocksDBException("the database is being reopened",
          new Status(Status.Code.IOError, Status.SubCode.None, null));
    }
    return current;
  }

  private void reopen() throws RocksDBException {
    if (DiskUsage.freeBytes(dir) < REOPEN_ROOM) {
      throw new RocksDBException("no room to reopen", new Status(Status.Code.IOError, Status.SubCode.NoSpace, null));
    }
    lock.writeLock().lock();
    try {
      if (!writeFailed || !options.isOwningHandle()) {
        return;
      }
      if (db != null) {
        db.close();
        db = null;
      }
      db = RocksDB.open(options, dir.toString());
      writeFailed = false;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Syncs the write-ahead log and closes the database, then its options and logger; a second call does nothing. A
   * store's acknowledged writes were synced already: the sync is for whatever was written without.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!options.isOwningHandle()) {
        return;
      }
      if (db != null) {
        try {
          db.syncWal();
        } catch (RocksDBException e) {
          // Every acknowledged write was synced already; nothing depends on this.
        }
        db.close();
        db = null;
      }
      options.close();
      silent.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The status code of a RocksDB failure, such as {@code IOError}: all of it that may be shown or logged. */
  public static String statusCode(RocksDBException e) {
    return e.getStatus() == null ? "unknown" : e.getStatus().getCode().name();
  }
}
