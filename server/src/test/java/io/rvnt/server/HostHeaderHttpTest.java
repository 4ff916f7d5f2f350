package io.rvnt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.testsupport.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112 §3.2 and spec §9: an HTTP/1.1 request without a Host header, any request with two, or one whose Host is
 * not {@code host[:port]}, is not valid HTTP/1.1: {@code 400 MALFORMED_REQUEST}, connection closed.
 */
class HostHeaderHttpTest extends ServerTest {
  @BeforeEach
  void start() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
  }

  void assertMalformed(String request) throws Exception {
    try (RawHttp http = fx.connect()) {
      http.send(request);
      RawHttp.Response response = http.readResponse();
      assertThat(response.status()).as("status for %s", request.strip()).isEqualTo(400);
      assertThat(ServerFixture.error(response).getCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
      assertThat(http.closedByServer()).as("connection closed").isTrue();
    }
  }

  void assertServed(String request) throws Exception {
    try (RawHttp http = fx.connect()) {
      http.send(request);
      assertThat(http.readResponse().status()).as("status for %s", request.strip()).isEqualTo(200);
    }
  }

  @Test
  void anHttp11RequestWithoutHostIs400() throws Exception {
    assertMalformed("GET /v1/params HTTP/1.1\r\n\r\n");
  }

  @Test
  void aRequestWithTwoHostHeadersIs400() throws Exception {
    assertMalformed("GET /v1/params HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n");
    assertMalformed("GET /v1/params HTTP/1.1\r\nHost: a.example\r\nhost: a.example\r\n\r\n");
    assertMalformed("GET /v1/params HTTP/1.0\r\nHost: a.example\r\nHost: b.example\r\n\r\n");
  }

  @Test
  void aHostThatIsNotHostAndPortIs400() throws Exception {
    assertMalformed("GET /v1/params HTTP/1.1\r\nHost: a.example/path\r\n\r\n");
    assertMalformed("GET /v1/params HTTP/1.1\r\nHost: user@a.example\r\n\r\n");
    assertMalformed("GET /v1/params HTTP/1.1\r\nHost: a.example:80:80\r\n\r\n");
    assertMalformed("GET /v1/params HTTP/1.1\r\nHost: a example\r\n\r\n");
  }

  @Test
  void aMissingHostIsRefusedBeforeTheRateLimitCounts() throws Exception {
    fx.close();
    fx = ServerFixture.start(dir, Map.of("rate-limit-direct-api-per-minute", "1"));
    assertMalformed("GET /v1/params HTTP/1.1\r\n\r\n");
    assertServed("GET /v1/params HTTP/1.1\r\nHost: localhost\r\n\r\n");
  }

  @Test
  void theFormsOfHostAClientSendsAreServed() throws Exception {
    for (String host : new String[] {"localhost", "127.0.0.1:8080", "[::1]:8080",
        "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion", "identity.example:443", ""}) {
      assertServed("GET /v1/params HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }
  }

  @Test
  void anHttp10RequestWithoutHostIsServed() throws Exception {
    assertServed("GET /v1/params HTTP/1.0\r\n\r\n");
  }
}
