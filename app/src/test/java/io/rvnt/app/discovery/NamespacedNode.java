package io.rvnt.app.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.NetnsPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code rvnt bootstrap} or {@code rvnt relay} (the shaded jar) running inside one namespace of a {@link NetnsPair}: its start lines, and
 * its Prometheus metrics read with curl inside the namespace (its admin listener is on that namespace's loopback).
 * It exits with the test JVM ({@code --parent-pid}).
 */
final class NamespacedNode implements AutoCloseable {

  static final Duration START_DEADLINE = Duration.ofSeconds(90);

  private final NetnsPair.Netns ns;
  private final Process process;
  private final List<String> listening;
  private final String admin;
  private final String lanStatus;
  private final Path work;
  private final BlockingQueue<String> lines;

  private NamespacedNode(NetnsPair.Netns ns, Process process, List<String> listening, String admin,
      String lanStatus, Path work, BlockingQueue<String> lines) {
    this.ns = ns;
    this.process = process;
    this.listening = listening;
    this.admin = admin;
    this.lanStatus = lanStatus;
    this.work = work;
    this.lines = lines;
  }

  /** Starts a bootstrap node in {@code ns} with {@code args} after the data dir, admin and parent-pid options. */
  static NamespacedNode start(NetnsPair.Netns ns, Path work, String... args) throws Exception {
    return start("bootstrap", ns, work, args);
  }

  /** Starts {@code rvnt SUBCOMMAND} (bootstrap, relay) in {@code ns}; it must print an {@code mdns:} line. */
  static NamespacedNode start(String subcommand, NetnsPair.Netns ns, Path work, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", System.getProperty("rvnt.jar"), subcommand, "--data-dir",
        work.resolve("data").toString(), "--admin", "127.0.0.1:0", "--parent-pid",
        Long.toString(ProcessHandle.current().pid())));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(ns.exec(command)).redirectError(work.resolve("stderr.txt").toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    });
    reader.setDaemon(true);
    reader.start();
    List<String> listening = new ArrayList<>();
    String admin = null;
    while (true) {
      String line = lines.poll(START_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      if (line == null) {
        p.destroyForcibly();
        throw new AssertionError("the node printed no mdns line within " + START_DEADLINE + "; stderr: "
            + CommandRun.run(List.of("cat", work.resolve("stderr.txt").toString()), Map.of(), work).stdout());
      }
      if (line.startsWith("listening on ")) {
        listening.add(line.substring("listening on ".length()));
      } else if (line.startsWith("admin listener on ")) {
        admin = line.substring("admin listener on ".length());
      } else if (line.startsWith("mdns: ")) {
        return new NamespacedNode(ns, p, listening, admin, line, work, lines);
      }
    }
  }

  List<String> listening() {
    return listening;
  }

  /** The PeerId, from the first listen address. */
  String peerId() {
    String a = listening.get(0);
    return a.substring(a.lastIndexOf("/p2p/") + "/p2p/".length());
  }

  String lanStatus() {
    return lanStatus;
  }

  /** Everything the node printed after its start lines, on stdout and stderr. */
  String laterOutput() throws IOException {
    return String.join("\n", lines) + "\n" + java.nio.file.Files.readString(work.resolve("stderr.txt"));
  }

  /** The Prometheus metrics, each sample by its name with labels, such as {@code rvnt_bootstrap_routing_table_peers}. */
  Map<String, Double> metrics() {
    CommandRun.Result r = CommandRun.run(ns.exec("curl", "-sf", admin), Map.of(), work);
    r.requireSuccess("reading the node's metrics");
    Map<String, Double> out = new HashMap<>();
    for (String line : r.stdout().lines().toList()) {
      if (!line.startsWith("#") && line.contains(" ")) {
        out.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(line.substring(line.lastIndexOf(' ')
            + 1)));
      }
    }
    return out;
  }

  double metric(String name) {
    return metrics().getOrDefault(name, 0.0);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(process.exitValue()).as("the node stops cleanly on SIGTERM").isIn(0, 143);
  }
}
