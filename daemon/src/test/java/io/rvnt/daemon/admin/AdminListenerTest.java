package io.rvnt.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.testsupport.MutableClock;
import io.rvnt.testsupport.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener against a real loopback socket, one rule per test. */
class AdminListenerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final byte[] EMPTY = new byte[0];
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dataDir;
  private final MutableClock clock = MutableClock.atFixedInstant();
  private final TestComponent component = new TestComponent();
  private AdminListener listener;

  /** A component whose answers a test sets. */
  static final class TestComponent implements AdminComponent {
    volatile String name = "relay";
    volatile boolean healthy = true;
    volatile MetricsSnapshot figures = MetricsSnapshot.newBuilder()
        .addEndpoints(EndpointStats.newBuilder().setEndpoint("echo").setRequests(4).setWindowSeconds(60))
        .setOpenConnections(2).putGauges("widgets", 3).build();
    volatile String snapshotThread;
    volatile String healthThread;
    volatile CountDownLatch entered = new CountDownLatch(0);
    volatile CountDownLatch release = new CountDownLatch(0);

    @Override
    public String name() {
      return name;
    }

    @Override
    public MetricsSchema schema() {
      return new MetricsSchema("an echo route", false, "Open test connections.",
          List.of(Family.gauge("widgets", "Widgets made.")));
    }

    @Override
    public MetricsSnapshot snapshot() {
      snapshotThread = Thread.currentThread().getName();
      entered.countDown();
      try {
        release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return figures;
    }

    @Override
    public Map<String, LatencyWindow> latencyWindows() {
      return Map.of();
    }

    @Override
    public boolean healthy() {
      healthThread = Thread.currentThread().getName();
      return healthy;
    }
  }

  private AdminListener start(AdminLimits limits) throws IOException {
    listener = AdminListener.start(LOOPBACK, limits, component, new ProcessMetrics(dataDir, "9.9", clock));
    return listener;
  }

  private RawHttp connect() throws IOException {
    return RawHttp.connect(listener.address(), DEADLINE);
  }

  private RawHttp.Response get(String path) throws IOException {
    try (RawHttp http = connect()) {
      return http.exchange("GET", path, Map.of(), EMPTY);
    }
  }

  @AfterEach
  void close() {
    if (listener != null) {
      listener.close();
    }
  }

  @Test
  void metricsIsPrometheusTextNamedAfterTheComponent() throws Exception {
    start(AdminLimits.DEFAULTS);
    RawHttp.Response response = get("/metrics");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .contains("rvnt_relay_requests_total{endpoint=\"echo\"} 4\n")
        .contains("rvnt_relay_open_connections 2\n")
        .contains("rvnt_relay_widgets 3\n")
        .contains("rvnt_process_heap_used_bytes ");
  }

  @Test
  void metricsPbIsTheSnapshotWithTheProcessFigures() throws Exception {
    Files.write(dataDir.resolve("data"), new byte[1234]);
    start(AdminLimits.DEFAULTS);
    clock.advance(Duration.ofSeconds(7));
    RawHttp.Response response = get("/metrics.pb");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/x-protobuf");
    MetricsSnapshot snapshot = MetricsSnapshot.parseFrom(response.body());
    assertThat(snapshot.getRole()).as("the role is the component's name").isEqualTo("relay");
    assertThat(snapshot.getVersion()).isEqualTo("9.9");
    assertThat(snapshot.getUptimeMs()).as("uptime counts from the start").isEqualTo(7_000);
    assertThat(snapshot.getTakenAtMs()).isEqualTo(clock.millis());
    assertThat(snapshot.getDataDirBytes()).as("the data directory's files").isEqualTo(1234);
    assertThat(snapshot.getDiskTotalBytes()).isPositive();
    assertThat(snapshot.getHeapUsedBytes()).isPositive();
    assertThat(snapshot.getGaugesMap()).as("the component's own figures, unchanged").containsEntry("widgets", 3.0);
    assertThat(snapshot.getEndpoints(0).getRequests()).isEqualTo(4);
  }

  @Test
  void healthIs200WhileTheComponentIsServing() throws Exception {
    start(AdminLimits.DEFAULTS);
    RawHttp.Response response = get("/health");
    assertThat(response.status()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
  }

  @Test
  void healthIs503WhileTheComponentIsNotServing() throws Exception {
    component.healthy = false;
    start(AdminLimits.DEFAULTS);
    assertThat(get("/health").status()).isEqualTo(503);
  }

  @Test
  void aQueryStringIsIgnored() throws Exception {
    start(AdminLimits.DEFAULTS);
    assertThat(get("/health?verbose=1").status()).isEqualTo(200);
  }

  @Test
  void anUnknownPathIs404() throws Exception {
    start(AdminLimits.DEFAULTS);
    assertThat(get("/metrics/extra").status()).isEqualTo(404);
    assertThat(get("/").status()).isEqualTo(404);
  }

  @Test
  void aMethodOtherThanGetIs405WithAllowGet() throws Exception {
    start(AdminLimits.DEFAULTS);
    try (RawHttp http = connect()) {
      RawHttp.Response response = http.exchange("POST", "/metrics", Map.of("Content-Length", "0"), EMPTY);
      assertThat(response.status()).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo("GET");
      assertThat(http.exchange("DELETE", "/health", Map.of(), EMPTY).status()).as("any method but GET")
          .isEqualTo(405);
    }
  }

  @Test
  void aRequestLineOverTheLimitIsRefusedWith414AndTheConnectionClosed() throws Exception {
    start(new AdminLimits(256, Duration.ofSeconds(30), 16, 16));
    try (RawHttp http = connect()) {
      assertThat(http.exchange("GET", "/" + "a".repeat(300), Map.of(), EMPTY).status()).isEqualTo(414);
      assertThat(http.closedByServer()).as("closed after the refusal").isTrue();
    }
  }

  @Test
  void headersOverTheLimitAreRefusedWith431AndTheConnectionClosed() throws Exception {
    start(new AdminLimits(256, Duration.ofSeconds(30), 16, 16));
    try (RawHttp http = connect()) {
      assertThat(http.exchange("GET", "/metrics", Map.of("X-Padding", "p".repeat(300)), EMPTY).status())
          .isEqualTo(431);
      assertThat(http.closedByServer()).as("closed after the refusal").isTrue();
    }
  }

  @Test
  void aRequestWithABodyIsRefusedWith413() throws Exception {
    start(AdminLimits.DEFAULTS);
    assertThat(get("/metrics").status()).isEqualTo(200);
    try (RawHttp http = connect()) {
      assertThat(http.exchange("GET", "/metrics", Map.of(), "x".getBytes(StandardCharsets.US_ASCII)).status())
          .as("an admin request carries no body").isEqualTo(413);
    }
  }

  @Test
  void anAddressOffLoopbackIsRefusedBeforeBinding() {
    assertThatThrownBy(() -> AdminListener.start(new InetSocketAddress("0.0.0.0", 0), AdminLimits.DEFAULTS,
        component, new ProcessMetrics(dataDir, "9.9", clock)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the admin listener must be on a loopback address (127.0.0.1, ::1 or localhost), not 0.0.0.0");
  }

  @Test
  void aComponentNamedProcessIsRefusedSinceItWouldMixWithTheProcessFigures() {
    component.name = "process";
    assertThatThrownBy(() -> AdminListener.start(LOOPBACK, AdminLimits.DEFAULTS, component,
        new ProcessMetrics(dataDir, "9.9", clock))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 'process'");
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    start(new AdminLimits(8_192, Duration.ofMillis(200), 16, 16));
    try (RawHttp http = connect()) {
      assertThat(http.exchange("GET", "/health", Map.of(), EMPTY).status()).isEqualTo(200);
      assertThat(http.closedByServer()).as("closed by the server within " + DEADLINE + " of silence").isTrue();
    }
  }

  @Test
  void aConnectionOverTheLimitIsClosedAtOnceAndTheOthersKeepWorking() throws Exception {
    start(new AdminLimits(8_192, Duration.ofSeconds(30), 1, 16));
    try (RawHttp first = connect()) {
      assertThat(first.exchange("GET", "/health", Map.of(), EMPTY).status()).isEqualTo(200);
      try (RawHttp second = connect()) {
        assertThat(second.closedByServer()).as("the second connection is over the limit of 1").isTrue();
      }
      assertThat(first.exchange("GET", "/health", Map.of(), EMPTY).status()).as("the first is still served")
          .isEqualTo(200);
    }
  }

  @Test
  void snapshotsAreBuiltOnTheWorkerNeverOnTheEventLoop() throws Exception {
    start(AdminLimits.DEFAULTS);
    assertThat(get("/metrics").status()).isEqualTo(200);
    assertThat(get("/health").status()).isEqualTo(200);
    assertThat(component.snapshotThread).as("the snapshot worker").startsWith("rvnt-admin-snapshot-");
    assertThat(component.healthThread).as("health is a flag read on the event loop").startsWith("rvnt-admin-io-");
  }

  @Test
  void scrapesOverTheWorkerQueueAre503() throws Exception {
    component.entered = new CountDownLatch(1);
    component.release = new CountDownLatch(1);
    start(new AdminLimits(8_192, Duration.ofSeconds(30), 16, 1));
    try (RawHttp running = connect(); RawHttp queued = connect(); RawHttp refused = connect()) {
      running.send(RawHttp.request("GET", "/metrics", Map.of(), EMPTY));
      assertThat(component.entered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the worker is busy").isTrue();
      queued.send(RawHttp.request("GET", "/metrics", Map.of(), EMPTY));
      assertThat(refused.exchange("GET", "/metrics.pb", Map.of(), EMPTY).status())
          .as("one scrape runs, one waits in the queue of 1, the third is refused").isEqualTo(503);
      assertThat(refused.exchange("GET", "/health", Map.of(), EMPTY).status())
          .as("health does not wait for the worker").isEqualTo(200);
      component.release.countDown();
      assertThat(running.readResponse().status()).isEqualTo(200);
      assertThat(queued.readResponse().status()).isEqualTo(200);
    }
  }

  @Test
  void aSnapshotTheSchemaCannotExplainIs500AndMetricsPbStillAnswers() throws Exception {
    component.figures = component.figures.toBuilder().putGauges("undeclared", 1).build();
    start(AdminLimits.DEFAULTS);
    assertThat(get("/metrics").status()).isEqualTo(500);
    assertThat(get("/metrics.pb").status()).isEqualTo(200);
  }

  @Test
  void closingStopsAcceptingConnections() throws Exception {
    start(AdminLimits.DEFAULTS);
    InetSocketAddress address = listener.address();
    listener.close();
    listener = null;
    assertThatThrownBy(() -> RawHttp.connect(address, DEADLINE)).isInstanceOf(IOException.class);
  }
}
