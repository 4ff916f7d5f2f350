package io.rvnt.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java [jvmOptions] -jar <rvnt.jar> args...} as a real process: the jar comes from the system property
 * {@code rvnt.jar} (set by failsafe in app/pom.xml), and both output streams are captured in memory, whole, for
 * assertions. {@link #stop()} is SIGTERM, {@link #kill()} SIGKILL; both wait for the process and its last output.
 * The identity server's {@link ServerProcess} and the bootstrap node's tests run on it.
 */
public final class RvntProcess implements AutoCloseable {
  private final Process process;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread[] pumps;

  private RvntProcess(Process process) {
    this.process = process;
    this.pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
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
  public Matcher awaitStdout(Pattern pattern, Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    synchronized (stdout) {
      while (true) {
        Matcher matcher = pattern.matcher(stdout);
        if (matcher.find()) {
          return matcher;
        }
        long left = end - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !pumps[0].isAlive()) {
          process.destroyForcibly();
          throw new IOException("no line matching " + pattern + " within " + deadline + "; output:\n" + output());
        }
        try {
          stdout.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the process", e);
        }
      }
    }
  }

  private static Thread pump(InputStream in, StringBuffer sink) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
          synchronized (sink) {
            sink.append(text);
            sink.notifyAll();
          }
        }
      } catch (IOException e) {
        // The process ended; what was read stays captured.
      }
    }, "rvnt-process-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
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
      for (Thread pump : pumps) {
        pump.join(TimeUnit.SECONDS.toMillis(10));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the process to exit", e);
    }
  }

  public String stdout() {
    return stdout.toString();
  }

  public String stderr() {
    return stderr.toString();
  }

  /** Everything the process printed so far, stdout then stderr. */
  public String output() {
    return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
