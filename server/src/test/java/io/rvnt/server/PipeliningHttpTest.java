package io.rvnt.server;

import static io.rvnt.server.ServerFixture.REGISTER_BITS;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spec §9: pipelined requests are answered in order; when more arrive than may wait behind the one in progress, the
 * server answers those it holds, the last with {@code Connection: close}, closes, and does not touch the others.
 */
class PipeliningHttpTest extends ServerTest {
  final TestIdentity alice = TestIdentity.create("alice");

  void startWithAlice(Map<String, String> settings, int oneTimePreKeys) throws Exception {
    fx = ServerFixture.start(dir, settings);
    RawHttp.Response registered = fx.exchange("POST", "/v1/register",
        Map.of(Headers.POW, alice.registerPow(fx.pow(REGISTER_BITS))), alice.registrationBody(oneTimePreKeys));
    assertThat(registered.status()).as("alice registers").isEqualTo(201);
  }

  /** {@code count} bundle fetches in one write: each hands out the next one-time prekey, so ids show the order. */
  static byte[] bundleFetches(int count) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] one = RawHttp.request("GET", "/v1/bundle/alice", Map.of(), EMPTY);
    for (int i = 0; i < count; i++) {
      all.writeBytes(one);
    }
    return all.toByteArray();
  }

  long storedOneTimePreKeys() {
    return fx.snapshot().keySet().stream().filter(k -> k.startsWith("opk:alice:")).count();
  }

  void assertAnsweredInOrderThenClosed(RawHttp http, int answered) throws Exception {
    for (int i = 1; i <= answered; i++) {
      RawHttp.Response response = http.readResponse();
      assertThat(response.status()).as("response %d", i).isEqualTo(200);
      assertThat(WireCodec.decodeBundle(response.body()).oneTimePreKey().get().id())
          .as("response %d answers request %d", i, i).isEqualTo(i);
      assertThat("close".equalsIgnoreCase(response.header("Connection")))
          .as("response %d says Connection: close (only the last does)", i).isEqualTo(i == answered);
    }
    assertThat(http.closedByServer()).as("closed after the answers it held").isTrue();
  }

  @Test
  void fortyPipelinedRequestsGetTheFirstSeventeenAnsweredInOrderThenAClose() throws Exception {
    startWithAlice(Map.of(), 40);
    try (RawHttp http = fx.connect()) {
      http.send(bundleFetches(40));
      assertAnsweredInOrderThenClosed(http, 17);
    }
    assertThat(storedOneTimePreKeys()).as("the 23 unanswered requests did nothing").isEqualTo(23);
  }

  @Test
  void seventeenPipelinedRequestsAreAllAnsweredAndTheConnectionStays() throws Exception {
    startWithAlice(Map.of(), 20);
    try (RawHttp http = fx.connect()) {
      http.send(bundleFetches(17));
      for (int i = 1; i <= 17; i++) {
        assertThat(WireCodec.decodeBundle(http.readResponse().body()).oneTimePreKey().get().id()).isEqualTo(i);
      }
      assertThat(http.exchange("GET", "/v1/params", Map.of(), EMPTY).status()).as("still open").isEqualTo(200);
    }
  }

  @Test
  void theQueueDepthIsConfigurable() throws Exception {
    startWithAlice(Map.of("max-pipelined-requests", "2"), 10);
    try (RawHttp http = fx.connect()) {
      http.send(bundleFetches(10));
      assertAnsweredInOrderThenClosed(http, 3);
    }
    assertThat(storedOneTimePreKeys()).isEqualTo(7);
  }
}
