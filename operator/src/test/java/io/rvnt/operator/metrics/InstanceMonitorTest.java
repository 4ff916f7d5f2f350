package io.rvnt.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.instances.Role;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real admin-like listener on loopback: health lights and histories per instance. */
class InstanceMonitorTest {
  private HttpServer server;
  private volatile int healthStatus = 200;
  private volatile long takenAt = 1000;

  @BeforeEach
  void listen() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestURI().getPath().equals("/metrics.pb")
          ? MetricsSnapshot.newBuilder().setRole("bootstrap").setTakenAtMs(takenAt).build().toByteArray()
          : new byte[0];
      int status = exchange.getRequestURI().getPath().equals("/health") ? healthStatus : 200;
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void close() {
    server.stop(0);
  }

  private Instance instance(InstanceState state) {
    String admin = "http://127.0.0.1:" + server.getAddress().getPort();
    return new Instance() {
      @Override
      public String name() {
        return "bootstrap-1";
      }

      @Override
      public Role role() {
        return Role.BOOTSTRAP;
      }

      @Override
      public InstanceStatus status() {
        return new InstanceStatus("bootstrap-1", Role.BOOTSTRAP, "local", state, Optional.empty(),
            OptionalLong.empty(), List.of(new Endpoint(Endpoint.ADMIN, admin)), List.of());
      }

      @Override
      public void start(BooleanSupplier cancelled) {}

      @Override
      public void stop() {}
    };
  }

  private InstanceMonitor monitor(InstanceState state) {
    return new InstanceMonitor(() -> List.of(instance(state)), new AdminClient(Duration.ofSeconds(5), 4096), 10);
  }

  @Test
  void aRunningInstanceAnsweringHealthIsHealthyAndItsSamplesAreKept() throws Exception {
    InstanceMonitor monitor = monitor(InstanceState.RUNNING);
    monitor.poll();
    takenAt = 2000;
    Observation observation = monitor.poll().get(0);
    assertThat(observation.health()).isEqualTo(Health.HEALTHY);
    assertThat(observation.history().samples()).as("one sample per poll").hasSize(2);
  }

  @Test
  void aListenerWithoutHealthIsUnhealthyEvenWhenItsMetricsAnswer() throws Exception {
    healthStatus = 404;
    Observation observation = monitor(InstanceState.RUNNING).poll().get(0);
    assertThat(observation.health()).as("a bootstrap node answers /health like every RVNT server")
        .isEqualTo(Health.UNHEALTHY);
    assertThat(observation.latest()).as("its metrics are still read").isPresent();
  }

  @Test
  void aFailingHealthIsUnhealthy() throws Exception {
    healthStatus = 503;
    assertThat(monitor(InstanceState.RUNNING).poll().get(0).health()).isEqualTo(Health.UNHEALTHY);
  }

  @Test
  void aStoppedInstanceIsNotAsked() throws Exception {
    Observation observation = monitor(InstanceState.STOPPED).poll().get(0);
    assertThat(observation.health()).isEqualTo(Health.UNKNOWN);
    assertThat(observation.latest()).as("nothing was fetched").isEmpty();
  }
}
