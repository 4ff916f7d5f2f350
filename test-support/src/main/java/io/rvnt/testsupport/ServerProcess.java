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
import java.util.regex.Pattern;

/**
 * {@code java -jar <rvnt.jar> server ...} as a real process on loopback ({@link RvntProcess}): the ports are 0, and
 * both output streams are captured in memory for assertions. Waits, with a deadline, for the two "listening" lines;
 * {@link #kill()} is SIGKILL, {@link #stop()} is SIGTERM; {@link #restart()} starts it again on the same data
 * directory.
 */
public final class ServerProcess implements AutoCloseable {
  public static final Duration START_DEADLINE = Duration.ofSeconds(120);
  private static final Pattern API = Pattern.compile("^identity server listening on (http://\\S+)$",
      Pattern.MULTILINE);
  private static final Pattern ADMIN = Pattern.compile("^admin listening on (http://\\S+)$", Pattern.MULTILINE);

  private final Path dataDir;
  private final List<String> extraArgs;
  private final RvntProcess process;
  private URI apiUrl;
  private URI adminUrl;

  private ServerProcess(Path dataDir, List<String> extraArgs) throws IOException {
    this.dataDir = dataDir;
    this.extraArgs = List.copyOf(extraArgs);
    List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(),
        "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"));
    args.addAll(extraArgs);
    this.process = RvntProcess.start(List.of("-Xmx256m"), args);
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
    long start = System.nanoTime();
    apiUrl = URI.create(process.awaitStdout(API, START_DEADLINE).group(1));
    Duration left = START_DEADLINE.minusNanos(System.nanoTime() - start);
    adminUrl = URI.create(process.awaitStdout(ADMIN, left.isNegative() ? Duration.ZERO : left).group(1));
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

  /** SIGKILL: no shutdown hook runs. Returns the exit code once the process is gone. */
  public int kill() {
    return process.kill();
  }

  /** SIGTERM: the server's shutdown hook closes it. Returns the exit code once the process is gone. */
  public int stop() {
    return process.stop();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stdout() {
    return process.stdout();
  }

  public String stderr() {
    return process.stderr();
  }

  /** Everything the process printed so far, stdout then stderr. */
  public String output() {
    return process.output();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    process.close();
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
