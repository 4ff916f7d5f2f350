package io.rvnt.relay.core;

/**
 * The store failed (I/O, corruption, closed). Its message is fixed text: never a key, an id, or RocksDB's own
 * message, which may quote keys. The relay answers UNAVAILABLE.
 */
public final class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
