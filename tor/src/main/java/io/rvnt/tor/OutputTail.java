package io.rvnt.tor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines a process printed, kept in memory only: a tor of the test network writes nothing to disk but its
 * data folder, and its notices are read only when it fails, for the error message. A daemon thread drains the
 * output (so the process never blocks on a full pipe) until the process closes it.
 */
final class OutputTail {
  /** Enough to see why a tor failed to bootstrap; a running tor prints a few lines a minute at notice level. */
  static final int KEPT_LINES = 200;

  private final Deque<String> lines = new ArrayDeque<>();

  private OutputTail() {}

  /** Starts draining {@code output}, named {@code name} in the thread's name. */
  static OutputTail drain(String name, InputStream output) {
    OutputTail tail = new OutputTail();
    Thread reader = new Thread(() -> tail.readAll(output), "rvnt-tor-output-" + name);
    reader.setDaemon(true);
    reader.start();
    return tail;
  }

  private void readAll(InputStream output) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (lines) {
          if (lines.size() == KEPT_LINES) {
            lines.removeFirst();
          }
          lines.addLast(line);
        }
      }
    } catch (IOException e) {
      // The process ended or its pipe was closed: what was read stays readable.
    }
  }

  /** Up to {@code count} of the latest lines, oldest first. */
  List<String> last(int count) {
    synchronized (lines) {
      List<String> all = new ArrayList<>(lines);
      return all.subList(Math.max(0, all.size() - count), all.size());
    }
  }
}
