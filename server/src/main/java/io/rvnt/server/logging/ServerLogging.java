package io.rvnt.server.logging;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The servers' logging: java.util.logging, one line per record, to stderr only (never a file), WARN by default.
 * Netty logs through the same handler. Netty's own debug output prints channels with their remote addresses, so
 * {@code io.netty} is held at INFO even when a finer level is asked for; RocksDB's info log is dropped by the store.
 */
public final class ServerLogging {
  private static final Logger NETTY = Logger.getLogger("io.netty");

  private ServerLogging() {}

  /** Replaces every root handler with one stderr handler at {@code level}. Call once, before Netty starts. */
  public static void configure(LogLevel level) {
    configure(level, System.err);
  }

  static void configure(LogLevel level, PrintStream out) {
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler =
        new StreamHandler(out, new OneLineFormatter()) {
          @Override
          public synchronized void publish(java.util.logging.LogRecord record) {
            super.publish(record);
            flush();
          }
        };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(level.julLevel());
    NETTY.setLevel(level.julLevel().intValue() < Level.INFO.intValue() ? Level.INFO : level.julLevel());
  }
}
