package io.rvnt.app.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A {@code java ... rvnt} process whose output lines are collected, with waits that have deadlines. */
final class Child implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(120);

  final Process process;
  private final List<String> lines = new ArrayList<>(); // Guarded by this.

  Child(List<String> command, Path directory) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("XDG_DATA_HOME", directory.toString());
    this.process = builder.start();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "child-output");
    pump.setDaemon(true);
    pump.start();
  }

  static List<String> java(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(arguments));
    return command;
  }

  static String jar() {
    return System.getProperty("rvnt.jar");
  }

  /** Waits for a line matching {@code wanted}; fails with the output so far if the process ends or time runs out. */
  synchronized String awaitLine(Predicate<String> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        if (wanted.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !process.isAlive() && seen == lines.size()) {
        throw new AssertionError("no such line; output:\n" + String.join("\n", lines));
      }
      wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
    }
  }

  synchronized List<String> output() {
    return List.copyOf(lines);
  }

  /** Waits until process {@code pid} has ended; true if it did before the deadline. */
  static boolean awaitGone(long pid) throws InterruptedException, ExecutionException {
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return true;
    }
    try {
      handle.get().onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
