package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.Sshd;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central placement of docs/monitoring.md, with real parts on loopback: an identity server's admin listener
 * stays on its host's loopback, an OpenSSH tunnel as in the documented {@code rvnt-monitor-tunnel@.service} (host key
 * pinned in known_hosts) forwards a local port to it through a real sshd, and a real Prometheus running the shipped
 * {@code prometheus-central.yml} (its ports and intervals only changed) scrapes it under the host's name. A tunnel
 * that drops shows as the instance down, on that host's name.
 */
class CentralScrapeIT {
  /** Starting sshd, a server JVM and Prometheus on a busy 2-core machine, then a few scrapes: a deadline. */
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void aCentralPrometheusScrapesAHostsAdminListenerThroughAnSshForwardUnderTheHostsName() throws Exception {
    try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "");
        ServerProcess server = ServerProcess.start(dir.resolve("data"))) {
      int local = LoopbackPorts.free();
      ToolProcess tunnel = tunnel(sshd, local, server.adminAddress().getPort());
      int port = LoopbackPorts.free();
      try (ToolProcess prometheus = prometheus(local, port)) {
        Await.until(DEADLINE, () -> "Prometheus scrapes identity-1 through the forward; it said: "
            + prometheus.output(), () -> query(port, "up{job=\"rvnt-identity\",instance=\"identity-1\"} == 1"));
        assertThat(query(port, "rvnt_identity_requests_total{instance=\"identity-1\"}"))
            .as("the server's own figures arrive labelled with the host's name").isTrue();

        tunnel.close();
        Await.until(DEADLINE, () -> "a dropped tunnel is the instance down; Prometheus said: " + prometheus.output(),
            () -> query(port, "ALERTS{alertname=\"RvntInstanceDown\",instance=\"identity-1\"}"));
      } finally {
        tunnel.close();
      }
    }
  }

  /** {@code ssh -N -L} as the documented tunnel unit runs it, with the host key pinned. */
  private ToolProcess tunnel(Sshd sshd, int local, int admin) throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    return ToolProcess.start(List.of("ssh", "-N", "-o", "ExitOnForwardFailure=yes", "-o", "ServerAliveInterval=15",
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "IdentitiesOnly=yes", "-i", sshd.clientKey().toString(), "-p", Integer.toString(sshd.port()),
        "-L", "127.0.0.1:" + local + ":127.0.0.1:" + admin, "root@127.0.0.1"), local);
  }

  private ToolProcess prometheus(int local, int port) throws Exception {
    Path rules = dir.resolve("rvnt-alerts.yml");
    Files.copy(Shipped.file("monitoring/rvnt-alerts.yml"), rules);
    String shipped = Files.readString(Shipped.file("monitoring/prometheus-central.yml"));
    String config = shipped
        .replace("/etc/prometheus/rvnt/rvnt-alerts.yml", rules.toString())
        .replace("'127.0.0.1:19090'", "'127.0.0.1:" + local + "'")
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("scrape_timeout: 10s", "scrape_timeout: 1s")
        .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
    assertThat(config).as("the test changed only the rule file's path, the forward's port and the intervals")
        .contains(rules.toString(), "'127.0.0.1:" + local + "'", "scrape_interval: 1s", "evaluation_interval: 1s");
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    Files.createDirectories(dir.resolve("prometheus-data"));
    return ToolProcess.start(List.of("prometheus", "--config.file=" + file,
        "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"), port);
  }

  /** True when the instant query returns at least one series. */
  private static boolean query(int port, String promql) {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 && answer.body().contains("\"status\":\"success\"")
          && !answer.body().contains("\"result\":[]");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
