package io.rvnt.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * {@code java [jvmOptions] -jar <rvnt.jar> args...} as a real process: the jar comes from the system property
 * {@code rvnt.jar} (set by failsafe in app/pom.xml), and both output streams are captured in memory, whole, for
 * assertions. {@link #stop()} is SIGTERM, {@link #kill()} SIGKILL; both wait for the process and its last output.
 * The identity server's {@link ServerProcess} and the bootstrap node's tests run on it.
 */
public final class RvntProcess implements AutoCloseable {
  private final Process process;
  private final ProcessOutput stdout;
  private final ProcessOutput stderr;

  private RvntProcess(Process process) {
    this.process = process;
    this.stdout = ProcessOutput.capture(process.getInputStream(), "rvnt-process-stdout");
    this.stderr = ProcessOutput.capture(process.getErrorStream(), "rvnt-process-stderr");
  }

  /** Starts {@code rvnt.jar} with {@code args}; returns at once (see {@link #awaitStdout}). */
  public static RvntProcess start(List<String> jvmOptions, List<String> args) throws IOException {
    String jar = System.getProperty("rvnt.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property rvnt.jar must name the built jar, got: " + jar);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar);
    command.addAll(args);
    return new RvntProcess(new ProcessBuilder(command).start());
  }

  /**
   * Waits until stdout holds a match of {@code pattern} and returns it; throws, with everything printed so far, if
   * the process ends first or {@code deadline} passes (the process is then killed).
   */
  public MatchResult awaitStdout(Pattern pattern, Duration deadline) throws IOException {
    try {
      return stdout.await(pattern, deadline).orElseThrow(() -> {
        process.destroyForcibly();
        return new IOException("no line matching " + pattern + " within " + deadline + "; output:\n" + output());
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the process", e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGKILL: no shutdown hook runs. Returns the exit code once the process is gone. Through {@link ProcessHandle},
   * because {@link Process#destroy()} also closes our ends of the pipes and loses the last output.
   */
  public int kill() {
    process.toHandle().destroyForcibly();
    return waitForExit();
  }

  /** SIGTERM: the process's shutdown hook runs. Returns the exit code once the process and its output ended. */
  public int stop() {
    process.toHandle().destroy();
    return waitForExit();
  }

  private int waitForExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      stdout.awaitEnd(Duration.ofSeconds(10));
      stderr.awaitEnd(Duration.ofSeconds(10));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the process to exit", e);
    }
  }

  public String stdout() {
    return stdout.text();
  }

  public String stderr() {
    return stderr.text();
  }

  /** Everything the process printed so far, stdout then stderr. */
  public String output() {
    return "--- stdout ---\n" + stdout.text() + "--- stderr ---\n" + stderr.text();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
