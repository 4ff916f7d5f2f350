package io.rvnt.daemon.logging;

import java.util.logging.Level;

/**
 * The level of the lines an operator needs in the journal at the production level (WARN) although nothing is wrong:
 * start, stop, and the periodic aggregate lines. It weighs as much as WARNING, so it is shown exactly when warnings
 * are (at {@code warn} and every finer level, not at {@code error} or {@code off}), and {@link OneLineFormatter}
 * prints it as {@code NOTICE}, so that searching the journal for {@code WARN} still finds only warnings.
 */
public final class Notice extends Level {
  private static final long serialVersionUID = 1L;

  /** Logged with {@code logger.log(Notice.LEVEL, line)}. */
  public static final Level LEVEL = new Notice();

  private Notice() {
    super("NOTICE", Level.WARNING.intValue());
  }
}
