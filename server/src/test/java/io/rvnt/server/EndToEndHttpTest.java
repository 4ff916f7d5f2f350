package io.rvnt.server;

import static io.rvnt.server.ServerFixture.REGISTER_BITS;
import static io.rvnt.server.ServerFixture.WRITE_BITS;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.protocol.wire.DeleteResponse;
import io.rvnt.protocol.wire.PreKeyCount;
import io.rvnt.protocol.wire.RegisterResponse;
import io.rvnt.protocol.wire.ServerParams;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint over HTTP against a real server on RocksDB, the admin listener, and concurrent fetchers. */
class EndToEndHttpTest extends ServerTest {
  final TestIdentity alice = TestIdentity.create("alice");

  @BeforeEach
  void start() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
  }

  RawHttp.Response register(TestIdentity user, int opks) throws Exception {
    return fx.exchange("POST", "/v1/register", Map.of(Headers.POW, user.registerPow(fx.pow(REGISTER_BITS))),
        user.registrationBody(opks));
  }

  @Test
  void publishesItsParameters() throws Exception {
    RawHttp.Response response = fx.exchange("GET", "/v1/params", Map.of(), EMPTY);
    assertThat(response.status()).isEqualTo(200);
    ServerParams params = ServerParams.parseFrom(response.body());
    assertThat(params.getRegisterPowBits()).isEqualTo(REGISTER_BITS);
    assertThat(params.getWritePowBits()).isEqualTo(WRITE_BITS);
    assertThat(params.getTimestampWindowMs()).isEqualTo(60_000);
    assertThat(params.getMaxPrekeysPerUpload()).isEqualTo(100);
    assertThat(params.getMaxStoredPrekeys()).isEqualTo(500);
    assertThat(params.getMaxBodyBytes()).isEqualTo(32_768);
    assertThat(params.getProtocolVersion()).isEqualTo("rvnt-identity/2");
    assertThat(params.getPowSeed().toByteArray()).as("spec §6.4: the current seed").isEqualTo(
        fx.pow(REGISTER_BITS).seed());
    assertThat(params.getPowSeedExpiresMs()).as("at the end of the next epoch").isGreaterThan(fx.clock.millis());
    assertThat(params.getRegisterPowEffort()).as("spec §6.5: quiet, the floor").isEqualTo(1L << REGISTER_BITS);
    assertThat(params.getWritePowEffort()).isEqualTo(1L << WRITE_BITS);
  }

  @Test
  void everyEndpointWorksEndToEnd() throws Exception {
    RawHttp.Response registered = register(alice, 2);
    assertThat(registered.status()).isEqualTo(201);
    assertThat(RegisterResponse.parseFrom(registered.body()).getOneTimePrekeyCount()).isEqualTo(2);

    RawHttp.Response bundle = fx.exchange("GET", "/v1/bundle/alice", Map.of(), EMPTY);
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.header("Cache-Control")).isEqualTo("no-store");
    PublicBundle decoded = WireCodec.decodeBundle(bundle.body());
    assertThat(decoded.identityKey()).isEqualTo(alice.identityKey());
    assertThat(decoded.oneTimePreKey()).isPresent();

    byte[] upload = WireCodec.encodeUpload(
        new PreKeyUpload(TestIdentity.oneTimePreKeys(10, 5), Optional.empty(), Optional.empty()));
    RawHttp.Response uploaded = fx.exchange("PUT", "/v1/prekeys",
        alice.signedHeaders("PUT", "/v1/prekeys", fx.tick(), upload, fx.pow(WRITE_BITS)), upload);
    assertThat(uploaded.status()).isEqualTo(200);
    assertThat(PreKeyCount.parseFrom(uploaded.body()).getOneTimePrekeyCount()).isEqualTo(6);

    RawHttp.Response count = fx.exchange("GET", "/v1/prekey-count?ignored=1",
        alice.signedHeaders("GET", "/v1/prekey-count", fx.tick(), EMPTY, null), EMPTY);
    assertThat(count.status()).as("query strings are ignored (spec §5)").isEqualTo(200);
    assertThat(PreKeyCount.parseFrom(count.body()).getOneTimePrekeyCount()).isEqualTo(6);

    RawHttp.Response deleted = fx.exchange("DELETE", "/v1/identity",
        alice.signedHeaders("DELETE", "/v1/identity", fx.tick(), EMPTY, fx.pow(WRITE_BITS)), EMPTY);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(DeleteResponse.parseFrom(deleted.body()).getDeleted()).isTrue();
    assertThat(fx.snapshot()).as("all four families gone").isEmpty();
    assertThat(fx.exchange("GET", "/v1/bundle/alice", Map.of(), EMPTY).status()).isEqualTo(404);
  }

  @Test
  void servesManyRequestsOnOneKeepAliveConnection() throws Exception {
    register(alice, 0);
    try (RawHttp http = fx.connect()) {
      for (int i = 0; i < 20; i++) {
        assertThat(http.exchange("GET", "/v1/bundle/alice", Map.of(), EMPTY).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void keepsAnHttp10ConnectionAliveWhenAsked() throws Exception {
    try (RawHttp http = fx.connect()) {
      for (int i = 0; i < 3; i++) {
        http.send("GET /v1/params HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawHttp.Response response = http.readResponse();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
      }
      http.send("GET /v1/params HTTP/1.0\r\n\r\n");
      assertThat(http.readResponse().status()).isEqualTo(200);
      assertThat(http.answerBeforeClose()).as("HTTP/1.0 without keep-alive is closed after its response").isEmpty();
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    register(alice, 3);
    try (RawHttp http = fx.connect()) {
      byte[] bundle = RawHttp.request("GET", "/v1/bundle/alice", Map.of(), EMPTY);
      byte[] missing = RawHttp.request("GET", "/v1/bundle/nobody", Map.of(), EMPTY);
      byte[] all = new byte[bundle.length * 2 + missing.length];
      System.arraycopy(bundle, 0, all, 0, bundle.length);
      System.arraycopy(missing, 0, all, bundle.length, missing.length);
      System.arraycopy(bundle, 0, all, bundle.length + missing.length, bundle.length);
      http.send(all);
      RawHttp.Response first = http.readResponse();
      RawHttp.Response second = http.readResponse();
      RawHttp.Response third = http.readResponse();
      assertThat(List.of(first.status(), second.status(), third.status())).containsExactly(200, 404, 200);
      assertThat(WireCodec.decodeBundle(first.body()).oneTimePreKey().get().id()).isEqualTo(1);
      assertThat(WireCodec.decodeBundle(third.body()).oneTimePreKey().get().id()).isEqualTo(2);
    }
  }

  @Test
  void sixtyFourConcurrentFetchersNeverReceiveTheSameOneTimePrekey() throws Exception {
    assertThat(register(alice, 40).status()).isEqualTo(201);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PublicBundle>> fetches = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      fetches.add(pool.submit(() -> {
        try (RawHttp http = fx.connect()) {
          start.await();
          RawHttp.Response response = http.exchange("GET", "/v1/bundle/alice", Map.of(), EMPTY);
          assertThat(response.status()).isEqualTo(200);
          return WireCodec.decodeBundle(response.body());
        }
      }));
    }
    start.countDown();
    List<Integer> handedOut = new ArrayList<>();
    int without = 0;
    for (Future<PublicBundle> fetch : fetches) {
      PublicBundle bundle = fetch.get();
      if (bundle.oneTimePreKey().isPresent()) {
        handedOut.add(bundle.oneTimePreKey().get().id());
      } else {
        without++;
      }
    }
    pool.shutdown();
    Set<Integer> unique = new HashSet<>(handedOut);
    assertThat(unique).as("no one-time prekey handed out twice").hasSize(handedOut.size());
    assertThat(unique).as("every one of the 40 handed out once").hasSize(40);
    assertThat(without).as("the other 24 got the last-resort bundle").isEqualTo(24);
  }

  @Test
  void adminListenerServesAggregateMetricsOnly() throws Exception {
    register(alice, 1);
    fx.exchange("GET", "/v1/bundle/alice", Map.of(), EMPTY);
    fx.exchange("GET", "/v1/bundle/nobody", Map.of(), EMPTY);
    try (RawHttp admin = fx.connect(fx.server.adminAddress())) {
      RawHttp.Response health = admin.exchange("GET", "/health", Map.of(), EMPTY);
      assertThat(health.status()).isEqualTo(200);

      RawHttp.Response text = admin.exchange("GET", "/metrics", Map.of(), EMPTY);
      assertThat(text.status()).isEqualTo(200);
      assertThat(text.header("Content-Type")).startsWith("text/plain; version=0.0.4");
      String body = new String(text.body(), StandardCharsets.UTF_8);
      assertThat(body).contains("rvnt_identity_requests_total{endpoint=\"bundle\"} 2")
          .contains("rvnt_identity_errors_total{endpoint=\"bundle\",class=\"4xx\"} 1")
          .contains("rvnt_identity_requests_total{endpoint=\"register\"} 1")
          .contains("rvnt_identity_latency_ms{endpoint=\"bundle\",quantile=\"0.99\"}")
          .contains("rvnt_identity_open_connections")
          .contains("rvnt_identity_registered_users 1\n")
          .contains("rvnt_process_disk_free_bytes")
          .contains("rvnt_process_heap_used_bytes")
          .doesNotContain("alice").doesNotContain("nobody");

      RawHttp.Response pb = admin.exchange("GET", "/metrics.pb", Map.of(), EMPTY);
      MetricsSnapshot snapshot = MetricsSnapshot.parseFrom(pb.body());
      assertThat(snapshot.getRole()).isEqualTo("identity");
      assertThat(snapshot.getEndpointsList()).extracting(EndpointStats::getEndpoint)
          .containsExactly("register", "bundle", "prekeys", "prekey_count", "identity_delete", "params",
              "not_found");
      assertThat(snapshot.getDataDirBytes()).isPositive();
      assertThat(snapshot.getHeapUsedBytes()).isPositive();

      assertThat(admin.exchange("GET", "/v1/params", Map.of(), EMPTY).status())
          .as("the API is not on the admin listener").isEqualTo(404);
    }
  }
}
