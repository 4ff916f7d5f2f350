package io.rvnt.operator.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The latest warnings and errors an instance printed, kept for the Instances screen. Server log lines carry fixed
 * text only (docs/server-config.md, Logging), so keeping them exposes nothing about users. Thread-safe.
 */
final class WarningLines {
  /** Enough to see what went wrong recently; older lines are in the terminal of whoever ran the sandbox. */
  static final int DEFAULT_CAPACITY = 50;
  /** A line longer than this is cut: a log line is one short sentence. */
  static final int MAX_LINE_CHARS = 300;
  private static final Pattern WARNING = Pattern.compile("\\b(WARN|WARNING|ERROR|SEVERE)\\b");

  private final int capacity;
  private final Deque<String> lines = new ArrayDeque<>(); // Guarded by this.

  WarningLines(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /** Keeps {@code line} when it is a warning or an error; returns whether it was kept. */
  synchronized boolean offer(String line) {
    if (!WARNING.matcher(line).find()) {
      return false;
    }
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
    return true;
  }

  synchronized List<String> recent() {
    return List.copyOf(lines);
  }
}
