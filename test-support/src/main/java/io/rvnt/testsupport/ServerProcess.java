package io.rvnt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * {@code java -jar <rvnt.jar> server ...} as a real process on loopback: the jar comes from the system property
 * {@code rvnt.jar} (set by failsafe in app/pom.xml), the ports are 0, and both output streams are captured in memory
 * for assertions. Waits, with a deadline, for the two "listening" lines; {@link #kill()} is SIGKILL,
 * {@link #stop()} is SIGTERM; {@link #restart()} starts it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
  public static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Pattern API = Pattern.compile("^identity server listening on (http://\\S+)$",
      Pattern.MULTILINE);
  private static final Pattern ADMIN = Pattern.compile("^admin listening on (http://\\S+)$", Pattern.MULTILINE);

  private final Path dataDir;
  private final List<String> extraArgs;
  private final Process process;
  private final ProcessOutput stdout;
  private final ProcessOutput stderr;
  private URI apiUrl;
  private URI adminUrl;

  private ServerProcess(Path dataDir, List<String> extraArgs) throws IOException {
    this.dataDir = dataDir;
    this.extraArgs = List.copyOf(extraArgs);
    String jar = System.getProperty("rvnt.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property rvnt.jar must name the built jar, got: " + jar);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar);
    command.add("server");
    command.add("--data-dir");
    command.add(dataDir.toString());
    command.add("--listen");
    command.add("127.0.0.1:0");
    command.add("--admin");
    command.add("127.0.0.1:0");
    command.addAll(extraArgs);
    this.process = new ProcessBuilder(command).start();
    this.stdout = ProcessOutput.capture(process.getInputStream(), "server-stdout");
    this.stderr = ProcessOutput.capture(process.getErrorStream(), "server-stderr");
  }

  /** Starts the server on {@code dataDir} with extra arguments, and waits until it listens. */
  public static ServerProcess start(Path dataDir, String... extraArgs) throws IOException {
    ServerProcess server = new ServerProcess(dataDir, List.of(extraArgs));
    server.awaitListening();
    return server;
  }

  /** A new process on the same data directory and arguments (this one must have ended). */
  public ServerProcess restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("stop or kill the server before restarting it");
    }
    ServerProcess again = new ServerProcess(dataDir, extraArgs);
    again.awaitListening();
    return again;
  }

  private void awaitListening() throws IOException {
    Optional<MatchResult> api;
    Optional<MatchResult> admin;
    try {
      api = stdout.await(API, START_DEADLINE);
      admin = api.isPresent() ? stdout.await(ADMIN, START_DEADLINE) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the server", e);
    }
    if (admin.isEmpty()) {
      process.destroyForcibly();
      throw new IOException("server did not start listening; output:\n" + output());
    }
    apiUrl = URI.create(api.get().group(1));
    adminUrl = URI.create(admin.get().group(1));
  }

  public URI apiUrl() {
    return apiUrl;
  }

  public URI adminUrl() {
    return adminUrl;
  }

  public InetSocketAddress apiAddress() {
    return new InetSocketAddress(apiUrl.getHost(), apiUrl.getPort());
  }

  public InetSocketAddress adminAddress() {
    return new InetSocketAddress(adminUrl.getHost(), adminUrl.getPort());
  }

  public long pid() {
    return process.pid();
  }

  /**
   * SIGKILL: no shutdown hook runs. Returns once the process is gone. Through {@link ProcessHandle}, because
   * {@link Process#destroy()} also closes our ends of the pipes and loses the last output.
   */
  public int kill() {
    process.toHandle().destroyForcibly();
    return waitForExit();
  }

  /** SIGTERM: the server's shutdown hook closes it. Returns the exit code once the process is gone. */
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
      throw new IllegalStateException("interrupted while waiting for the server to exit", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
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

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /** Reads a whole file as text, for scanning the data directory. */
  public static String readLenient(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
