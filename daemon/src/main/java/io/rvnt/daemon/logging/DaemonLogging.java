package io.rvnt.daemon.logging;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The logging of every RVNT server process (identity server, bootstrap node): java.util.logging, one line per
 * record ({@link OneLineFormatter}: exceptions by class name only), to stderr only (never a file), WARN by default.
 *
 * <p>The operator's level applies to RVNT's own loggers ({@code io.rvnt}) alone. Every other logger (Netty, which
 * logs through the same handler, and the JDK's) is held at INFO even when a finer level is asked for: their debug
 * and trace output names peers. Netty prints channels with their remote addresses and hands quiche's trace log
 * (connection ids, addresses) to a trace-enabled logger; the JDK's HTTP server prints its connections' sockets
 * ({@code com.sun.net.httpserver}), its security events print certificates ({@code jdk.event.security}). A thread's
 * uncaught exception goes through the same formatter, instead of the JVM's default stack trace with its message.
 * RocksDB's own info log is a store's to silence (each store installs a logger that drops every line).
 */
public final class DaemonLogging {
  // No static Logger here: loading this class must not start java.util.logging (see useShutdownSafeLogManager).
  // Held strongly so the level set on it is not lost to garbage collection.
  private static Logger rvnt;
  private static volatile boolean configured;

  private DaemonLogging() {}

  /**
   * Asks the JVM for {@link ShutdownSafeLogManager}, so that the stop messages of a shutdown hook still get out
   * (the JDK's own manager drops every handler when shutdown begins). Only effective before anything has used
   * java.util.logging: call it first in {@code main}.
   */
  public static void useShutdownSafeLogManager() {
    System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
  }

  /** Replaces every root handler with one stderr handler at {@code level}. Call before Netty starts. */
  public static void configure(LogLevel level) {
    configure(level, System.err);
  }

  static synchronized void configure(LogLevel level, PrintStream out) {
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    if (!configured) {
      // Once, so the JDK's default console handler is never installed behind ours.
      LogManager.getLogManager().reset();
    }
    configured = true;
    Logger root = Logger.getLogger("");
    for (Handler old : root.getHandlers()) {
      root.removeHandler(old);
      old.close();
    }
    Handler handler =
        new StreamHandler(out, new OneLineFormatter()) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }
        };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(level.julLevel().intValue() < Level.INFO.intValue() ? Level.INFO : level.julLevel());
    rvnt = Logger.getLogger("io.rvnt");
    rvnt.setLevel(level.julLevel());
    Logger uncaught = Logger.getLogger(DaemonLogging.class.getName());
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> uncaught.log(Level.SEVERE, "uncaught exception in thread " + thread.getName(), e));
  }

  /** A LogManager whose handlers survive the start of JVM shutdown once {@link #configure} ran. */
  public static final class ShutdownSafeLogManager extends LogManager {
    @Override
    public void reset() {
      if (!configured) {
        super.reset();
      }
    }
  }
}
