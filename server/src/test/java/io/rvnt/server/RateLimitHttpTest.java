package io.rvnt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.testsupport.RawHttp;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec §8 over real sockets: limits per Tor circuit from PROXY v1 and v2 headers, and the shared direct bucket. */
class RateLimitHttpTest extends ServerTest {
  static RawHttp.Response params(RawHttp http) throws Exception {
    return http.exchange("GET", "/v1/params", Map.of(), EMPTY);
  }

  @Test
  void the31stRequestOfACircuitIs429WhileAnotherCircuitIsServed() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    try (RawHttp circuitA = fx.connect().send(RawHttp.proxyV1Tor(0xAABBCCDD))) {
      for (int i = 0; i < 30; i++) {
        assertThat(params(circuitA).status()).as("request %d of circuit A", i + 1).isEqualTo(200);
      }
      RawHttp.Response limited = params(circuitA);
      assertThat(limited.status()).as("31st request of circuit A").isEqualTo(429);
      assertThat(limited.header("Retry-After")).as("whole seconds").isEqualTo("2");
      assertThat(ServerFixture.error(limited).getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
      assertThat(ServerFixture.error(limited).getRetryAfterSeconds()).isEqualTo(2);

      try (RawHttp circuitB = fx.connect().send(RawHttp.proxyV2Tor(0x00000001))) {
        assertThat(params(circuitB).status()).as("circuit B (PROXY v2) still served").isEqualTo(200);
      }
      try (RawHttp sameCircuitOtherConnection = fx.connect().send(RawHttp.proxyV2Tor(0xAABBCCDD))) {
        assertThat(params(sameCircuitOtherConnection).status())
            .as("circuit A limited across connections and header versions").isEqualTo(429);
      }
    }
  }

  @Test
  void theSixthRegistrationOfACircuitIs429() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    try (RawHttp circuit = fx.connect().send(RawHttp.proxyV1Tor(42))) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Response response = circuit.exchange("POST", "/v1/register",
            Map.of("Content-Type", "application/x-protobuf"), new byte[] {(byte) 0xff});
        assertThat(response.status()).as("registration %d reaches the rules", i + 1).isEqualTo(400);
      }
      RawHttp.Response limited = circuit.exchange("POST", "/v1/register",
          Map.of("Content-Type", "application/x-protobuf"), new byte[] {(byte) 0xff});
      assertThat(limited.status()).as("6th registration").isEqualTo(429);
      assertThat(limited.header("Retry-After")).isEqualTo("12");
      assertThat(params(circuit).status()).as("other endpoints still within 30/min").isEqualTo(200);
    }
  }

  @Test
  void aRequiredListenerRefusesAConnectionWithoutHeader() throws Exception {
    fx = ServerFixture.start(dir, Map.of("listen-proxy-protocol", "required"));
    try (RawHttp plain = fx.connect()) {
      RawHttp.Response refused = params(plain);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(ServerFixture.error(refused).getCode()).isEqualTo(ErrorCode.PROXY_HEADER_REQUIRED);
      assertThat(plain.answerBeforeClose()).as("connection closed right after the refusal").isEmpty();
    }
    try (RawHttp proxied = fx.connect().send(RawHttp.proxyV2Tor(7))) {
      assertThat(params(proxied).status()).as("with a header it is served").isEqualTo(200);
    }
  }

  @Test
  void anOnionListenerRequiresTheHeaderByDefault() throws Exception {
    fx = ServerFixture.start(dir, Map.of("onion-listen", "127.0.0.1:0"));
    InetSocketAddress onion = fx.server.listenAddresses().get(1);
    try (RawHttp plain = fx.connect(onion)) {
      assertThat(params(plain).status()).isEqualTo(400);
    }
    try (RawHttp plainOnMain = fx.connect()) {
      assertThat(params(plainOnMain).status()).as("the main listener is optional").isEqualTo(200);
    }
  }

  @Test
  void directConnectionsAndNonTorSourcesShareOneBucket() throws Exception {
    fx = ServerFixture.start(dir, Map.of("rate-limit-direct-api-per-minute", "4"));
    try (RawHttp first = fx.connect(); RawHttp second = fx.connect();
        RawHttp notTor = fx.connect().send(RawHttp.proxyV1("2001:db8::1", "::1", 1234, 80))) {
      assertThat(params(first).status()).isEqualTo(200);
      assertThat(params(second).status()).isEqualTo(200);
      assertThat(params(notTor).status()).as("a non-Tor PROXY source is direct").isEqualTo(200);
      assertThat(params(first).status()).isEqualTo(200);
      assertThat(params(second).status()).as("5th request of the shared direct bucket").isEqualTo(429);
      assertThat(params(notTor).status()).isEqualTo(429);
    }
    try (RawHttp tor = fx.connect().send(RawHttp.proxyV1Tor(5))) {
      assertThat(params(tor).status()).as("Tor circuits are not in the direct bucket").isEqualTo(200);
    }
  }

  @Test
  void aCircuitWhoseIdIsAMultipleOf65536IsServedWithPortZeroInEitherVersion() throws Exception {
    fx = ServerFixture.start(dir, Map.of("listen-proxy-protocol", "required", "rate-limit-circuit-api-per-minute", "3"));
    int circuit = 0xa71c0000;
    try (RawHttp v1 = fx.connect().send(RawHttp.proxyV1(RawHttp.torAddress(circuit), "::1", 0, 80))) {
      assertThat(params(v1).status()).as("Tor's PROXY v1 line, source port 0").isEqualTo(200);
    }
    try (RawHttp v1 = fx.connect().send(RawHttp.proxyV1(RawHttp.torAddress(circuit), "::1", 0, 0))) {
      assertThat(params(v1).status()).as("PROXY v1, destination port 0 as well").isEqualTo(200);
    }
    try (RawHttp v2 = fx.connect().send(RawHttp.proxyV2Tor(circuit, 0, 0))) {
      assertThat(params(v2).status()).as("PROXY v2, both ports 0").isEqualTo(200);
      assertThat(params(v2).status()).as("4th request of the circuit, whichever header carried it").isEqualTo(429);
    }
  }

  @Test
  void aMalformedProxyHeaderClosesTheConnection() throws Exception {
    // With the receive timeout out of the way, only the refusal of the header can close the connection.
    fx = ServerFixture.start(dir, Map.of("request-receive-timeout", "60m"));
    try (RawHttp bad = fx.connect()) {
      bad.send("PROXY TCP6 not-an-address ::1 1 2\r\nGET /v1/params HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(bad.answerBeforeClose()).as("closed at once: the request after a bad header is not served")
          .isEmpty();
    }
  }
}
