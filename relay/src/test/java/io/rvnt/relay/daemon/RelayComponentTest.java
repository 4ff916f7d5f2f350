package io.rvnt.relay.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.daemon.admin.Family;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayStatus;
import io.rvnt.testsupport.MetricSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay on the shared admin listener: documented families, health, and aggregates that follow real traffic. */
class RelayComponentTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  @Test
  void everyFamilyOfTheRelayIsDocumentedInAdminMd() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "admin.md"));
    for (Family family : RelayComponent.SCHEMA.families()) {
      String name = "rvnt_relay_" + family.name() + (family.kind() == Family.Kind.COUNTER ? "_total" : "");
      assertThat(doc).as("docs/admin.md documents %s", name).contains("| `" + name);
    }
  }

  @Test
  void healthIsOkOnceListeningAndMetricsCountDepositsCollectionsAndRefusals() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (TestRelay relay = TestRelay.start(dir.resolve("relay"), RoundTripTest.LIMITS);
        RelayClient client = RelayClient.start(TIMEOUT);
        RelaySession session = client.connect(relay.tcp())) {
      URI admin = URI.create("http://127.0.0.1:" + relay.node.adminAddress().getPort());
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(admin.resolve("/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("/health answers 200 once the relay listens").isEqualTo(200);

      int today = Days.today(relay.clock);
      byte[] secret = random(32);
      MailboxKey key = MailboxKey.forRelay(random(32), session.relayPeerId());
      session.createMailbox(key, session.hello().createPowBits());
      session.register(key, today, List.of(RelayIds.depositId(secret, session.relayPeerId(), today)));
      byte[] depositId = RelayIds.depositId(secret, session.relayPeerId(), today);
      session.deposit(depositId, Padding.pad("one".getBytes(StandardCharsets.UTF_8)));
      session.deposit(depositId, Padding.pad("two".getBytes(StandardCharsets.UTF_8)));
      assertThat(session.send(new RelayRequest.DepositRequest(depositId, new byte[1000])).get().status())
          .as("a blob of no padded size").isEqualTo(RelayStatus.BAD_PADDING);
      RelaySession.Batch batch = session.collect(key, List.of(), 10);
      session.collect(key, List.of(batch.envelopes().get(0).id()), 10);

      String metrics = http.send(HttpRequest.newBuilder(admin.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(sample(metrics, "rvnt_relay_deposits_total")).as("two deposits synced").isEqualTo(2);
      assertThat(sample(metrics, "rvnt_relay_collections_total")).as("two collect requests").isEqualTo(2);
      assertThat(sample(metrics, "rvnt_relay_acknowledged_total")).as("one envelope acknowledged").isEqualTo(1);
      assertThat(sample(metrics, "rvnt_relay_envelopes_held")).as("one envelope still waits").isEqualTo(1);
      assertThat(sample(metrics, "rvnt_relay_bytes_held")).as("its padded size")
          .isEqualTo((double) Padding.SIZES.get(0));
      assertThat(sample(metrics, "rvnt_relay_mailboxes")).isEqualTo(1);
      assertThat(sample(metrics, "rvnt_relay_refused_total{reason=\"bad_padding\"}"))
          .as("the refusal is counted by reason").isEqualTo(1);
      assertThat(sample(metrics, "rvnt_relay_requests_total{endpoint=\"deposit\"}"))
          .as("requests per type count refusals too").isEqualTo(3);
      assertThat(sample(metrics, "rvnt_relay_open_connections")).as("this client's connection").isEqualTo(1);
      assertThat(metrics).as("latency percentiles per type over the shared window")
          .contains("rvnt_relay_latency_ms{endpoint=\"deposit\",quantile=\"0.99\"}")
          .contains("over the requests answered in the last 60 seconds");
    }
  }

  /** The value of one Prometheus sample line; fails when it is absent. */
  private static double sample(String metrics, String sample) {
    OptionalDouble value = MetricSamples.value(metrics, sample);
    assertThat(value).as("/metrics has %s", sample).isPresent();
    return value.getAsDouble();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
