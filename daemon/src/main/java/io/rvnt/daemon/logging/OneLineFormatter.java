package io.rvnt.daemon.logging;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code 2026-01-01T00:00:00.000Z WARN logger: message [ExceptionClass <- CauseClass]}, one line per record. A
 * throwable is printed by its class names only: exception messages (of codecs, of RocksDB) can quote request bytes
 * or keys, and stack traces add nothing an operator needs without them.
 */
final class OneLineFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(160);
    line.append(Instant.ofEpochMilli(record.getMillis())).append(' ')
        .append(record.getLevel() == Notice.LEVEL ? "NOTICE" : levelName(record.getLevel().intValue()))
        .append(' ')
        .append(shortName(record.getLoggerName())).append(": ")
        .append(formatMessage(record).replace('\n', ' ').replace('\r', ' '));
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      line.append(" [").append(thrown.getClass().getName());
      for (Throwable cause = thrown.getCause(); cause != null && cause != thrown; cause = cause.getCause()) {
        line.append(" <- ").append(cause.getClass().getName());
      }
      line.append(']');
    }
    return line.append(System.lineSeparator()).toString();
  }

  private static String levelName(int level) {
    if (level >= 1000) {
      return "ERROR";
    } else if (level >= 900) {
      return "WARN";
    } else if (level >= 800) {
      return "INFO";
    } else if (level >= 500) {
      return "DEBUG";
    }
    return "TRACE";
  }

  private static String shortName(String loggerName) {
    return loggerName == null ? "-" : loggerName;
  }
}
