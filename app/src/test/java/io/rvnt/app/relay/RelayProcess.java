package io.rvnt.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar rvnt.jar relay} as a real process on loopback (TCP and QUIC, ports 0), started and waited for
 * until it printed both "listening on" lines; and one-shot runs of the jar for the relay-client commands.
 */
final class RelayProcess implements AutoCloseable {

  /** How long a start or a command may take: generous, since the machine may start many JVMs at once. */
  static final Duration DEADLINE = Duration.ofSeconds(180);

  final Process process;
  final List<Multiaddr> listening;
  private final Path stderr;

  private RelayProcess(Process process, List<Multiaddr> listening, Path stderr) {
    this.process = process;
    this.listening = listening;
    this.stderr = stderr;
  }

  /** Starts the relay; what it writes to stderr goes to a file next to {@code dataDir}. */
  static RelayProcess start(Path dataDir, Path config) throws Exception {
    return start(dataDir, config, dataDir.toAbsolutePath().getParent());
  }

  /** Starts the relay; what it writes to stderr goes to a file in {@code stderrDir}. */
  static RelayProcess start(Path dataDir, Path config, Path stderrDir) throws Exception {
    Path stderr = Files.createTempFile(stderrDir, "relay", ".stderr");
    Process p = java("relay", "--data-dir", dataDir.toString(), "--config", config.toString(),
        "--admin", "127.0.0.1:0", "--listen", "/ip4/127.0.0.1/tcp/0", "--listen", "/ip4/127.0.0.1/udp/0/quic-v1")
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    });
    reader.setDaemon(true);
    reader.start();
    List<Multiaddr> listening = new ArrayList<>();
    while (listening.size() < 2) {
      String line = lines.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      if (line == null) {
        p.destroyForcibly();
        throw new AssertionError("the relay did not print its addresses within " + DEADLINE + "; stderr: "
            + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      assertThat(line).startsWith("listening on ").contains("/p2p/");
      listening.add(Multiaddr.parse(line.substring("listening on ".length())));
    }
    return new RelayProcess(p, listening, stderr);
  }

  /** Everything the relay wrote to stderr so far. */
  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  Multiaddr tcp() {
    return listening.stream().filter(a -> a.has(MultiaddrProtocol.TCP)).findFirst().orElseThrow();
  }

  Multiaddr quic() {
    return listening.stream().filter(a -> a.has(MultiaddrProtocol.QUIC_V1)).findFirst().orElseThrow();
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("killed").isTrue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** The outcome of a one-shot command. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) throws Exception {
    Process p = java(args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("rvnt %s ends", args[0]).isTrue();
    return new Run(p.exitValue(), out, err);
  }

  private static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
        System.getProperty("rvnt.jar")));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
