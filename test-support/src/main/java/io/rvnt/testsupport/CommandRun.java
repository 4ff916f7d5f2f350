package io.rvnt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command-line tool to its end, as tests of gpg and of the shaded jar do: no standard input, both outputs
 * captured through files in a work directory (no pipe can fill up and stall the tool), and a deadline that only
 * stops a hung process from hanging the build. A tool that cannot start fails the test loudly.
 */
public final class CommandRun {
  /** The tools here answer in seconds; the deadline is not a timing assertion. */
  public static final long DEADLINE_SECONDS = 120;

  private CommandRun() {}

  /** Runs {@code command} with {@code environment} added to this process's, writing its output under {@code work}. */
  public static Result run(List<String> command, Map<String, String> environment, Path work) {
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + DEADLINE_SECONDS + " s");
      }
      return new Result(
          String.join(" ", command),
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command.get(0), e);
    }
  }

  /**
   * {@link #run(List, Map, Path)} for a tool that is not under test (key generation, a config check): its output
   * files go to a temporary folder of their own, removed afterwards, so no test folder shows them.
   */
  public static Result run(List<String> command) {
    Path work;
    try {
      work = Files.createTempDirectory("rvnt-run");
    } catch (IOException e) {
      throw new AssertionError("cannot create a temporary folder", e);
    }
    try {
      return run(command, Map.of(), work);
    } finally {
      try (Stream<Path> files = Files.list(work)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
        Files.delete(work);
      } catch (IOException e) {
        // Only two small files in the system's temporary folder stay behind.
      }
    }
  }

  /** What one run did. */
  public record Result(String command, int exitCode, String stdout, String stderr) {
    /** Fails the test, showing both outputs, unless the run exited with 0. */
    public Result requireSuccess(String what) {
      assertThat(exitCode)
          .as(what + " must succeed (" + command + ")\nstdout: " + stdout + "\nstderr: " + stderr)
          .isZero();
      return this;
    }

    /** {@link #requireSuccess(String)} where the command line says enough. */
    public Result requireSuccess() {
      return requireSuccess("the command");
    }
  }
}
