package io.rvnt.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rvnt.operator.OperatorException;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP listener on loopback that plays an admin listener. */
class AdminClientTest {
  private static final int LIMIT = 4096;
  private HttpServer server;
  private URI base;
  private volatile int status = 200;
  private volatile byte[] body = new byte[0];

  @BeforeEach
  void listen() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void close() {
    server.stop(0);
  }

  private AdminClient client() {
    return new AdminClient(Duration.ofSeconds(5), LIMIT);
  }

  @Test
  void convertsEverySnapshotField() throws Exception {
    body = MetricsSnapshot.newBuilder().setRole("identity").setVersion("1.2").setUptimeMs(5000).setTakenAtMs(9000)
        .addEndpoints(EndpointStats.newBuilder().setEndpoint("bundle").setRequests(7).setErrors4Xx(2).setErrors5Xx(1)
            .setRateLimited(3).setP50Ms(1.5).setP95Ms(4).setP99Ms(8))
        .setDataDirBytes(10).setDiskFreeBytes(20).setDiskTotalBytes(30).setHeapUsedBytes(40).setHeapMaxBytes(50)
        .setOpenConnections(6).putGauges("registered_users", 3).putCounters("handshake_failures", 4)
        .build().toByteArray();
    MetricsSample sample = client().metrics(base);
    assertThat(sample.role()).isEqualTo("identity");
    assertThat(sample.version()).isEqualTo("1.2");
    assertThat(sample.uptime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(sample.takenAt().toEpochMilli()).isEqualTo(9000);
    assertThat(sample.endpoints()).containsExactly(new EndpointSample("bundle", 7, 2, 1, 3, 1.5, 4, 8));
    assertThat(sample.dataDirBytes()).isEqualTo(10);
    assertThat(sample.diskFreeBytes()).isEqualTo(20);
    assertThat(sample.diskTotalBytes()).isEqualTo(30);
    assertThat(sample.heapUsedBytes()).isEqualTo(40);
    assertThat(sample.heapMaxBytes()).isEqualTo(50);
    assertThat(sample.openConnections()).isEqualTo(6);
    assertThat(sample.gauges()).containsEntry("registered_users", 3.0);
    assertThat(sample.counters()).containsEntry("handshake_failures", 4L);
  }

  @Test
  void healthIsTrueOnlyFor200() throws Exception {
    assertThat(client().health(base)).as("200").isTrue();
    status = 503;
    assertThat(client().health(base)).as("503").isFalse();
  }

  @Test
  void aListenerWithoutHealthIsNotHealthy() throws Exception {
    status = 404;
    assertThat(client().health(base)).as("every RVNT server answers /health: a 404 is not one of them").isFalse();
  }

  @Test
  void healthIsFalseWhenNothingListens() throws Exception {
    server.stop(0);
    assertThat(client().health(base)).as("connection refused").isFalse();
  }

  @Test
  void refusesASnapshotOverTheLimit() {
    body = new byte[LIMIT + 1];
    assertThatThrownBy(() -> client().metrics(base)).isInstanceOf(OperatorException.class)
        .hasMessageContaining("larger than " + LIMIT);
  }

  @Test
  void refusesBytesThatAreNotASnapshot() {
    body = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThatThrownBy(() -> client().metrics(base)).isInstanceOf(OperatorException.class)
        .hasMessageContaining("not a MetricsSnapshot");
  }

  @Test
  void refusesAnErrorStatus() {
    status = 500;
    body = new byte[] {1};
    assertThatThrownBy(() -> client().metrics(base)).isInstanceOf(OperatorException.class)
        .hasMessageContaining("HTTP 500");
  }
}
