package io.rvnt.remote.log;

import io.rvnt.remote.RemoteException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The operator's local record of what was done where and when ({@code actions.log}, one tab-separated line per
 * action: time, action, host name, version, outcome). It never holds user data, addresses, keys or command output:
 * only the operator's own host names, versions and outcomes.
 */
public final class ActionLog {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:+-]*");

  private final Path file;
  private final Clock clock;

  public ActionLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /** Records one action; fields outside {@code [A-Za-z0-9._:+-]} are replaced, so a line is always one line. */
  public void record(String action, String host, String version, String outcome) throws RemoteException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    OperatorFiles.appendPrivate(
        file, now + "\t" + safe(action) + "\t" + safe(host) + "\t" + safe(version) + "\t" + safe(outcome));
  }

  private static String safe(String field) {
    if (field == null || field.isEmpty()) {
      return "-";
    }
    return SAFE.matcher(field).matches() ? field : field.replaceAll("[^A-Za-z0-9._:+-]", "_");
  }
}
