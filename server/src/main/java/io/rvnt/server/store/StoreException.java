package io.rvnt.server.store;

/**
 * The store failed (I/O, corruption, closed). Its message is fixed text: it never carries a key, a username or
 * RocksDB's own message, which may quote keys.
 */
public final class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
