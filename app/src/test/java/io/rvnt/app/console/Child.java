package io.rvnt.app.console;

import io.rvnt.testsupport.ProcessOutput;
import java.io.IOException;
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
  /**
   * Generous: the console starts a whole sandbox (several JVMs) before the line or exit a test waits for, and on a
   * busy 2-core machine that alone has taken over two minutes. A passing run never waits this long.
   */
  static final Duration DEADLINE = Duration.ofSeconds(300);

  final Process process;
  private final ProcessOutput output;

  Child(List<String> command, Path directory) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("XDG_DATA_HOME", directory.toString());
    this.process = builder.start();
    this.output = ProcessOutput.capture(process.getInputStream(), "child-output");
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
  String awaitLine(Predicate<String> wanted) throws InterruptedException {
    return awaitLine(wanted, DEADLINE);
  }

  /** As {@link #awaitLine(Predicate)}, with a deadline of its own for what takes longer than starting a process. */
  String awaitLine(Predicate<String> wanted, Duration deadline) throws InterruptedException {
    return output.awaitLine(wanted, deadline)
        .orElseThrow(() -> new AssertionError("no such line; output:\n" + output.text()));
  }

  List<String> output() {
    return output.lines();
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
