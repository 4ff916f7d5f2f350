package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path from a metric to a page (docs/monitoring.md), with real parts on loopback: an identity server
 * answers a burst of signed requests with 503 (its replay cache holds one entry), a real Prometheus scrapes its
 * admin listener and evaluates the shipped rules, the error-rate alert fires to a real Alertmanager running the
 * shipped configuration, and Alertmanager posts to a stand-in for PagerDuty's Events API. The event carries the
 * routing key read from its file, names the alert, and holds aggregates only: no username, key, signature or
 * client port.
 *
 * <p>Only durations are shortened for the test: the rules' 5-minute rate window and 10-minute wait, and
 * Alertmanager's group waits. promtool's unit tests (MonitoringRulesIT) check the rules at their real durations.
 */
class AlertingIT {
  private static final Duration DEADLINE = Duration.ofMinutes(4);
  /** The traffic is bounded in count as in time. */
  private static final int MAX_REQUESTS = 5_000;

  @TempDir Path dir;

  @Test
  void syntheticServerErrorsPageThroughPrometheusAndAlertmanagerWithAggregatesOnly() throws Exception {
    Path conf = dir.resolve("identity.conf");
    // One replay-cache entry: after the first signed request, every other one within the window is a 503.
    Files.writeString(conf, "register-pow-bits = 0\nwrite-pow-bits = 0\nreplay-cache-capacity = 1\npow-seed-key = "
        + TestPow.writeKey(dir.resolve("pow-seed.key")) + "\n");
    Path key = dir.resolve("pagerduty-routing-key");
    String routingKey = "R0UT1NGKEY" + Long.toHexString(System.nanoTime());
    Files.writeString(key, routingKey + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    TestIdentity user = TestIdentity.create("zqxalert_user");
    List<String> secrets = new ArrayList<>(List.of("zqxalert", HexFormat.of().formatHex(user.identityKey()),
        Base64.getEncoder().encodeToString(user.identityKey())));
    List<Integer> clientPorts = new ArrayList<>();

    int alertmanagerPort = LoopbackPorts.free();
    int adminPort;
    List<String> events;
    try (LocalPagerDuty pagerDuty = new LocalPagerDuty();
        ServerProcess server = ServerProcess.start(dir.resolve("data"), "--config", conf.toString());
        ToolProcess alertmanager = alertmanager(pagerDuty, key, alertmanagerPort);
        ToolProcess prometheus = prometheus(server, alertmanagerPort)) {
      adminPort = server.adminAddress().getPort();
      try (RawHttp http = RawHttp.connect(server.apiAddress(), Duration.ofSeconds(30))) {
        clientPorts.add(http.localPort());
        assertThat(http.exchange("POST", "/v1/register", Map.of(Headers.POW, user.registerPow(TestPow.now(0)),
            "Content-Type", Headers.CONTENT_TYPE_PROTOBUF), user.registrationBody(3)).status())
            .as("registered").isEqualTo(201);
      }
      int sent = 0;
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (!paged(pagerDuty) && sent < MAX_REQUESTS && System.nanoTime() < end) {
        Map<String, String> signed = user.signedHeaders("GET", "/v1/prekey-count", System.currentTimeMillis(),
            new byte[0], null);
        secrets.add(signed.get(Headers.SIGNATURE));
        // A connection per request: the server may close one after an error answer.
        try (RawHttp http = RawHttp.connect(server.apiAddress(), Duration.ofSeconds(30))) {
          clientPorts.add(http.localPort());
          int status = http.exchange("GET", "/v1/prekey-count", signed, new byte[0]).status();
          assertThat(status).as("a signed request is answered, or refused for the full replay cache")
              .isIn(200, 503);
        }
        sent++;
        Thread.sleep(20); // paces the synthetic traffic at about 50 requests a second: a test, not a flood
      }
      assertThat(paged(pagerDuty)).as("RvntErrorRateHigh reached the PagerDuty stand-in; Prometheus said: %s; "
          + "Alertmanager said: %s", prometheus.output(), alertmanager.output()).isTrue();
      assertThat(String.join(" ", alertmanager.process().info().arguments().orElse(new String[0])))
          .as("the routing key is never on a command line").doesNotContain(routingKey);
      events = pagerDuty.events();
    }

    List<String> triggers = events.stream().filter(e -> e.contains("\"event_action\":\"trigger\"")).toList();
    assertThat(triggers).as("Alertmanager triggered PagerDuty events").isNotEmpty();
    for (String event : triggers) {
      assertThat(event).as("Events API v2 with the key read from its file")
          .contains("\"routing_key\":\"" + routingKey + "\"");
    }
    assertThat(triggers.stream().map(AlertingIT::dedupKey).distinct())
        .as("one incident, one dedup key: Alertmanager never pages twice for it").hasSize(1);
    String page = triggers.stream().filter(e -> e.contains("RvntErrorRateHigh")).findFirst().orElseThrow();
    assertThat(page).as("the page says which server and why")
        .contains("identity on 127.0.0.1:" + adminPort + ": ", "of requests failed over 5 minutes");
    for (String event : events) {
      for (String secret : secrets) {
        assertThat(event).as("no user's name, key or signature reaches PagerDuty").doesNotContain(secret);
      }
      for (int port : clientPorts) {
        assertThat(event).as("no client port").doesNotContainPattern("(?<![0-9])" + port + "(?![0-9])");
      }
      List<String> names = Pattern.compile(" - (\\w+) = ").matcher(event).results().map(m -> m.group(1)).toList();
      assertThat(names).as("the event lists its alerts' labels").contains("alertname", "instance", "job")
          .as("the event's labels and annotations are the rules' fixed names: aggregates only")
          .isSubsetOf("alertname", "component", "instance", "job", "severity", "summary");
    }
  }

  private static String dedupKey(String event) {
    var m = Pattern.compile("\"dedup_key\":\"([^\"]+)\"").matcher(event);
    assertThat(m.find()).as("every event has a dedup key: %s", event).isTrue();
    return m.group(1);
  }

  private static boolean paged(LocalPagerDuty pagerDuty) {
    return pagerDuty.events().stream().anyMatch(e -> e.contains("RvntErrorRateHigh"));
  }

  private ToolProcess alertmanager(LocalPagerDuty pagerDuty, Path key, int alertmanagerPort) throws Exception {
    String shipped = Files.readString(Shipped.file("monitoring/alertmanager.yml"));
    String config = shipped
        .replace("routing_key_file: /etc/prometheus/rvnt/pagerduty-routing-key",
            "routing_key_file: " + key + "\n        url: " + pagerDuty.url())
        .replace("group_wait: 30s", "group_wait: 1s")
        .replace("group_interval: 5m", "group_interval: 2s");
    assertThat(config).as("the test changed only the key's path, the URL and the waits").contains(key.toString())
        .contains("group_wait: 1s").contains("group_interval: 2s");
    Path file = dir.resolve("alertmanager.yml");
    Files.writeString(file, config);
    Files.createDirectories(dir.resolve("alertmanager-data"));
    return ToolProcess.start(List.of("prometheus-alertmanager", "--config.file=" + file,
        "--storage.path=" + dir.resolve("alertmanager-data"),
        "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=", "--log.level=warn"),
        alertmanagerPort);
  }

  private ToolProcess prometheus(ServerProcess server, int alertmanagerPort) throws Exception {
    String rules = Files.readString(Shipped.file("monitoring/rvnt-alerts.yml"))
        .replace("[5m]", "[15s]")
        .replace("for: 10m", "for: 3s");
    Path rulesFile = dir.resolve("rvnt-alerts.yml");
    Files.writeString(rulesFile, rules);
    int port = LoopbackPorts.free();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files: ['" + rulesFile + "']",
        "alerting:",
        "  alertmanagers:",
        "    - static_configs:",
        "        - targets: ['127.0.0.1:" + alertmanagerPort + "']",
        "scrape_configs:",
        "  - job_name: rvnt-identity",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + server.adminAddress().getPort() + "']",
        ""));
    Files.createDirectories(dir.resolve("prometheus-data"));
    return ToolProcess.start(List.of("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"), port);
  }
}
