package io.rvnt.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * {@code java -jar <rvnt.jar> server ...} as a real process on loopback: the jar comes from the system property
 * {@code rvnt.jar} (set by failsafe in app/pom.xml), the ports are 0, and both output streams are captured in memory
 * for assertions. Waits, with a deadline, for the two "listening" lines; {@link #kill()} is SIGKILL,
 * {@link #stop()} is SIGTERM; {@link #restart()} starts it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
  public static final Duration START_DEADLINE = Duration.ofSeconds(120);
  private static final Pattern API = Pattern.compile("^identity server listening on (http://\\S+)$",
      Pattern.MULTILINE);
  private static final Pattern ADMIN = Pattern.compile("^admin listening on (http://\\S+)$", Pattern.MULTILINE);

  private final Path dataDir;
  private final List<String> extraArgs;
  private final Process process;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread[] pumps;
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
    this.pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
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
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    synchronized (stdout) {
      while (true) {
        Matcher api = API.matcher(stdout);
        Matcher admin = ADMIN.matcher(stdout);
        if (api.find() && admin.find()) {
          apiUrl = URI.create(api.group(1));
          adminUrl = URI.create(admin.group(1));
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !pumping()) {
          process.destroyForcibly();
          throw new IOException("server did not start listening; output:\n" + output());
        }
        try {
          stdout.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the server", e);
        }
      }
    }
  }

  private boolean pumping() {
    return pumps[0].isAlive();
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
    }, "server-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
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
      for (Thread pump : pumps) {
        pump.join(TimeUnit.SECONDS.toMillis(10));
      }
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
    return stdout.toString();
  }

  public String stderr() {
    return stderr.toString();
  }

  /** Everything the process printed so far, stdout then stderr. */
  public String output() {
    return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
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
