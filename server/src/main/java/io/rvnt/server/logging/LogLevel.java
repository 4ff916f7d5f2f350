package io.rvnt.server.logging;

import java.util.logging.Level;

/** The operator's log levels, mapped onto java.util.logging. WARN is the production default. */
public enum LogLevel {
  OFF(Level.OFF),
  ERROR(Level.SEVERE),
  WARN(Level.WARNING),
  INFO(Level.INFO),
  DEBUG(Level.FINE),
  TRACE(Level.ALL);

  private final Level julLevel;

  LogLevel(Level julLevel) {
    this.julLevel = julLevel;
  }

  Level julLevel() {
    return julLevel;
  }
}
