package io.rvnt.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One output stream of a child process, read by a daemon thread as it comes and kept in memory, with waits that have
 * a deadline: for a pattern in the text so far (a prompt need not end its line), or for a whole line. A wait gives up
 * early once the stream has ended, since nothing more can come. Thread-safe (guarded by this).
 */
public final class ProcessOutput {
  private final StringBuilder text = new StringBuilder();
  private final Thread pump;
  private boolean ended;

  private ProcessOutput(InputStream stream, String name) {
    this.pump = new Thread(() -> read(stream), name);
    pump.setDaemon(true);
  }

  /** Starts reading {@code stream} (UTF-8) on a daemon thread called {@code name}. */
  public static ProcessOutput capture(InputStream stream, String name) {
    ProcessOutput output = new ProcessOutput(stream, name);
    output.pump.start();
    return output;
  }

  private void read(InputStream stream) {
    char[] buffer = new char[8192];
    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (this) {
          text.append(buffer, 0, n);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended or closed the stream; what was read stays.
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Everything read so far. */
  public synchronized String text() {
    return text.toString();
  }

  /** The complete lines read so far, and the last one without its line end once the stream has ended. */
  public synchronized List<String> lines() {
    int end = ended ? text.length() : text.lastIndexOf("\n") + 1;
    return text.substring(0, end).lines().toList();
  }

  /** The first match of {@code pattern} in the text, once there is one; empty if none came within {@code deadline}. */
  public synchronized Optional<MatchResult> await(Pattern pattern, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Matcher matcher = pattern.matcher(text);
      if (matcher.find()) {
        return Optional.of(matcher.toMatchResult());
      }
      if (!waitForMore(end)) {
        return Optional.empty();
      }
    }
  }

  /** The first complete line {@code wanted} accepts, once there is one; empty if none came within {@code deadline}. */
  public synchronized Optional<String> awaitLine(Predicate<String> wanted, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Optional<String> line = lines().stream().filter(wanted).findFirst();
      if (line.isPresent()) {
        return line;
      }
      if (!waitForMore(end)) {
        return Optional.empty();
      }
    }
  }

  /** Waits until the stream has ended (the process exited and its output is all read), at most {@code deadline}. */
  public void awaitEnd(Duration deadline) throws InterruptedException {
    pump.join(deadline.toMillis());
  }

  /** Waits for more text; false if the stream has ended or the deadline has passed. Holds the lock. */
  private boolean waitForMore(long end) throws InterruptedException {
    long left = end - System.nanoTime();
    if (ended || left <= 0) {
      return false;
    }
    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    return true;
  }
}
