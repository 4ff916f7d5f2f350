package io.rvnt.daemon.logging;

import java.util.Locale;
import java.util.logging.Level;

/** The operator's log levels, mapped onto java.util.logging. WARN is the production default. */
public enum LogLevel {
  OFF(Level.OFF),
  ERROR(Level.SEVERE),
  WARN(Level.WARNING),
  INFO(Level.INFO),
  DEBUG(Level.FINE),
  TRACE(Level.ALL);

  /** What {@link #parse} accepts, for error messages. */
  public static final String CHOICES = "off, error, warn, info, debug or trace";

  private final Level julLevel;

  LogLevel(Level julLevel) {
    this.julLevel = julLevel;
  }

  /**
   * The level named {@code text}, in any case.
   *
   * @throws IllegalArgumentException "expected off, error, warn, info, debug or trace"
   */
  public static LogLevel parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected " + CHOICES, e);
    }
  }

  Level julLevel() {
    return julLevel;
  }
}
