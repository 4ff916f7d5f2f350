package io.rvnt.relay.core;

/**
 * The store failed (I/O, corruption, closed). Its message is fixed text: never a key, an id, or RocksDB's own
 * message, which may quote keys. The relay answers UNAVAILABLE, or STORAGE_FULL when the disk is full.
 */
public final class StoreException extends RuntimeException {
  private final boolean diskFull;

  public StoreException(String message) {
    this(message, false);
  }

  /** @param diskFull whether the write failed because the store's file system is full */
  public StoreException(String message, boolean diskFull) {
    super(message);
    this.diskFull = diskFull;
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
    this.diskFull = false;
  }

  public boolean diskFull() {
    return diskFull;
  }
}
