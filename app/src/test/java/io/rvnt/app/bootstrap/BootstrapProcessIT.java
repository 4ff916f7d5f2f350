package io.rvnt.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.dht.probe.DhtProbe;
import io.rvnt.dht.probe.NodeReport;
import io.rvnt.dht.probe.ProbeConfig;
import io.rvnt.dht.probe.ProbeReport;
import io.rvnt.dht.probe.Verdict;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.ProcessOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code rvnt bootstrap} as a real process (the shaded jar), probes it with the DHT health probe library and
 * with {@code rvnt dht probe}, reads its metrics, and stops it with SIGTERM.
 */
class BootstrapProcessIT {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** How long the probe waits for one answer before it calls a node unreachable: the same generosity. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void aBootstrapProcessListensOnQuicAndTcpIsHealthyServesMetricsAndStopsOnSigterm() throws Exception {
    Path data = tmp.resolve("data");
    Running node = start(data);
    assertThat(node.listening()).as("one 'listening on' line per listener").hasSize(2);
    assertThat(node.listening()).anySatisfy(a -> assertThat(a).contains("/quic-v1/p2p/"))
        .anySatisfy(a -> assertThat(a).contains("/tcp/").contains("/p2p/"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("peer.key"))))
        .as("the peer key is created with mode 0600").isEqualTo("rw-------");

    ProbeReport report = new DhtProbe(new ProbeConfig("/rvnt/kad/1.0.0", 2, 3, PROBE_TIMEOUT))
        .probe(node.listening().stream().map(Multiaddr::parse).toList());
    NodeReport health = report.nodes().get(0);
    assertThat(health.transports()).as("reachable over QUIC and TCP").hasSize(2)
        .allSatisfy(t -> assertThat(t.reachable()).isTrue());
    assertThat(health.speaksDht()).isTrue();
    assertThat(health.agentVersion()).startsWith("rvnt-bootstrap/");
    assertThat(report.verdict()).as("probe report: %s", report).isEqualTo(Verdict.HEALTHY);

    List<String> command = new ArrayList<>(List.of("dht", "probe", "--timeout",
        Long.toString(PROBE_TIMEOUT.toSeconds())));
    command.addAll(node.listening());
    Process probe = java(command.toArray(String[]::new));
    String probeOutput = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("rvnt dht probe ends").isTrue();
    assertThat(probe.exitValue()).as("rvnt dht probe exits 0 for a healthy set: %s", probeOutput).isZero();
    assertThat(probeOutput).contains("set: HEALTHY", "reachable, ping");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> healthy = http.send(
        HttpRequest.newBuilder(URI.create(node.admin().replace("/metrics", "/health"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(healthy.statusCode()).as("a serving bootstrap node answers /health, so that a deploy can check it")
        .isEqualTo(200);
    HttpResponse<String> metrics = http.send(
        HttpRequest.newBuilder(URI.create(node.admin())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).containsPattern("rvnt_bootstrap_requests_total\\{endpoint=\"FIND_NODE\"\\} [1-9]");

    node.process().destroy(); // SIGTERM
    assertThat(node.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("SIGTERM stops the node")
        .isTrue();

    Running again = start(data);
    assertThat(again.listening().get(0).substring(again.listening().get(0).indexOf("/p2p/")))
        .as("a restart keeps the PeerId")
        .isEqualTo(node.listening().get(0).substring(node.listening().get(0).indexOf("/p2p/")));
  }

  @Test
  void aBadListenAddressIsOneClearLineAndExitStatusOne() throws Exception {
    Process p = java("bootstrap", "--data-dir", tmp.resolve("bad").toString(), "--listen", "/ip4/1.2.3/tcp/1",
        "--admin", "127.0.0.1:0");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("a refused start ends").isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err.strip()).startsWith("rvnt: not a multiaddr").doesNotContain("\n").doesNotContain("Exception");
  }

  private record Running(Process process, List<String> listening, String admin) {}

  private Running start(Path data) throws Exception {
    Process p = java("bootstrap", "--data-dir", data.toString(), "--listen", "/ip4/127.0.0.1/udp/0/quic-v1",
        "--listen", "/ip4/127.0.0.1/tcp/0", "--admin", "127.0.0.1:0");
    ProcessOutput output = ProcessOutput.capture(p.getInputStream(), "bootstrap-output");
    String admin = output.awaitLine(line -> line.startsWith("admin listener on "), DEADLINE)
        .orElseThrow(() -> new AssertionError("the node prints its addresses within " + DEADLINE + ": "
            + output.text()));
    List<String> listening = output.lines().stream().filter(line -> line.startsWith("listening on "))
        .map(line -> line.substring("listening on ".length())).toList();
    return new Running(p, listening, admin.substring("admin listener on ".length()));
  }

  private Process java(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("rvnt.jar")));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    processes.add(p);
    return p;
  }
}
