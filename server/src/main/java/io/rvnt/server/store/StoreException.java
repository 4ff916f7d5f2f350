package io.rvnt.server.store;

/**
 * The store failed (I/O, corruption, closed). Its message is fixed text: it never carries a key, a username or
 * RocksDB's own message, which may quote keys.
 */
public final class StoreException extends RuntimeException {
  private final boolean diskFull;

  public StoreException(String message) {
    this(message, false);
  }

  /** @param diskFull whether the write failed because the data directory's file system is full */
  public StoreException(String message, boolean diskFull) {
    super(message);
    this.diskFull = diskFull;
  }

  /** The write failed because the disk is full: the server answers 507, as under its free-space watermark. */
  public boolean diskFull() {
    return diskFull;
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
    this.diskFull = false;
  }
}
