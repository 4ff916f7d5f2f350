package io.rvnt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.store.ForwardingStore;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.InMemoryIdentityStore;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spec §9's limits over real sockets: sizes, time to receive a request, idle, connections, worker queue. */
class HttpLimitsTest extends ServerTest {
  /** Timeouts that cannot expire within a test's read timeout, so that a close comes from the rule under test. */
  private static final String NEVER = "60m";
  @Test
  void dropsASlowClientAfterTheReceiveTimeout() throws Exception {
    fx = ServerFixture.start(dir, Map.of("request-receive-timeout", "300ms", "idle-timeout", NEVER));
    try (RawHttp slow = fx.connect()) {
      slow.send("GET /v1/params HTTP/1.1\r\nHost: loc");
      assertThat(slow.answerBeforeClose()).as("an incomplete request is dropped without an answer").isEmpty();
    }
  }

  @Test
  void dropsAConnectionThatSendsNothing() throws Exception {
    fx = ServerFixture.start(dir, Map.of("request-receive-timeout", "300ms", "idle-timeout", NEVER));
    try (RawHttp silent = fx.connect()) {
      assertThat(silent.answerBeforeClose()).as("a silent connection is dropped without an answer").isEmpty();
    }
  }

  @Test
  // 3 s rather than less: the second request must come within the idle timeout even on a loaded machine.
  void keepsAliveThenClosesAnIdleConnection() throws Exception {
    fx = ServerFixture.start(dir, Map.of("idle-timeout", "3s", "request-receive-timeout", NEVER));
    try (RawHttp http = fx.connect()) {
      assertThat(http.exchange("GET", "/v1/params", Map.of(), EMPTY).status()).isEqualTo(200);
      assertThat(http.exchange("GET", "/v1/params", Map.of(), EMPTY).status()).as("kept alive").isEqualTo(200);
      assertThat(http.answerBeforeClose()).as("closed once idle, without a word").isEmpty();
    }
  }

  @Test
  void refusesOversizedHeadersWith431AndCloses() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    try (RawHttp http = fx.connect()) {
      RawHttp.Response response = http.exchange("GET", "/v1/params", Map.of("X-Filler", "a".repeat(9_000)), EMPTY);
      assertThat(response.status()).isEqualTo(431);
      assertThat(ServerFixture.error(response).getCode()).isEqualTo(ErrorCode.HEADERS_TOO_LARGE);
      assertThat(http.answerBeforeClose()).as("closed right after the refusal").isEmpty();
    }
  }

  @Test
  void refusesALongRequestLineWith414AndCloses() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    try (RawHttp http = fx.connect()) {
      RawHttp.Response response = http.exchange("GET", "/v1/bundle/" + "a".repeat(1_100), Map.of(), EMPTY);
      assertThat(response.status()).isEqualTo(414);
      assertThat(ServerFixture.error(response).getCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
      assertThat(http.answerBeforeClose()).as("closed right after the refusal").isEmpty();
    }
  }

  @Test
  void refusesAChunkedBodyThatGrowsPastTheLimit() throws Exception {
    fx = ServerFixture.start(dir, Map.of("max-body-bytes", "2048"));
    try (RawHttp http = fx.connect()) {
      http.send("POST /v1/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      String chunk = "400\r\n" + "a".repeat(1024) + "\r\n";
      http.send(chunk + chunk + chunk);
      RawHttp.Response response = http.readResponse();
      assertThat(response.status()).isEqualTo(413);
      assertThat(ServerFixture.error(response).getCode()).isEqualTo(ErrorCode.BODY_TOO_LARGE);
      assertThat(http.answerBeforeClose()).as("closed right after the refusal").isEmpty();
    }
  }

  @Test
  void refusesMalformedHttp() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    try (RawHttp http = fx.connect()) {
      http.send("GET /v1/params HTTP/1.1\r\nContent-Length: banana\r\n\r\n");
      RawHttp.Response response = http.readResponse();
      assertThat(response.status()).isEqualTo(400);
      assertThat(ServerFixture.error(response).getCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
    }
  }

  @Test
  void closesConnectionsBeyondTheLimitAtOnce() throws Exception {
    // The third connection sends nothing: with the receive timeout out of the way, only the limit can close it.
    fx = ServerFixture.start(dir, Map.of("max-connections", "2", "request-receive-timeout", NEVER));
    try (RawHttp first = fx.connect(); RawHttp second = fx.connect()) {
      assertThat(first.exchange("GET", "/v1/params", Map.of(), EMPTY).status()).isEqualTo(200);
      assertThat(second.exchange("GET", "/v1/params", Map.of(), EMPTY).status()).isEqualTo(200);
      try (RawHttp third = fx.connect()) {
        assertThat(third.answerBeforeClose()).as("third connection closed at once, without an answer").isEmpty();
      }
    }
    // The server sees the two closes asynchronously: a new connection is served once it has.
    Await.until(ServerFixture.READ_TIMEOUT, "room again after the others closed", this::servedOnANewConnection);
  }

  private boolean servedOnANewConnection() {
    try (RawHttp again = fx.connect()) {
      return again.exchange("GET", "/v1/params", Map.of(), EMPTY).status() == 200;
    } catch (Exception closedAtOnce) {
      return false;
    }
  }

  @Test
  void answers503WhenTheWorkerQueueIsFull() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IdentityStore blocking = new BlockingStore(entered, release);
    fx = ServerFixture.start(dir, Map.of("worker-threads", "1", "worker-queue", "1"), blocking);
    List<RawHttp> connections = new ArrayList<>();
    try {
      RawHttp first = fx.connect();
      connections.add(first);
      first.send(RawHttp.request("GET", "/v1/bundle/alice", Map.of(), EMPTY));
      assertThat(entered.await(ServerFixture.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .as("the only worker is taken").isTrue();
      List<CompletableFuture<RawHttp.Response>> others = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        RawHttp http = fx.connect();
        connections.add(http);
        http.send(RawHttp.request("GET", "/v1/bundle/alice", Map.of(), EMPTY));
        others.add(CompletableFuture.supplyAsync(() -> {
          try {
            return http.readResponse();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      RawHttp.Response busy = (RawHttp.Response) CompletableFuture.anyOf(others.toArray(CompletableFuture[]::new))
          .get(ServerFixture.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(busy.status()).as("one queued, the other refused").isEqualTo(503);
      assertThat(ServerFixture.error(busy).getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(busy.header("Retry-After")).isEqualTo("1");
      release.countDown();
      assertThat(first.readResponse().status()).isEqualTo(404);
    } finally {
      release.countDown();
      for (RawHttp http : connections) {
        http.close();
      }
    }
  }

  /** A store whose bundle read blocks until released: it holds the one worker thread. */
  static final class BlockingStore extends ForwardingStore {
    private final CountDownLatch entered;
    private final CountDownLatch release;

    BlockingStore(CountDownLatch entered, CountDownLatch release) {
      super(new InMemoryIdentityStore());
      this.entered = entered;
      this.release = release;
    }

    @Override
    public Optional<byte[]> bundle(String username) {
      entered.countDown();
      try {
        release.await(ServerFixture.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.bundle(username);
    }
  }
}
