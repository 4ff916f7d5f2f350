package io.rvnt.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rvnt.protocol.wire.Error;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.identity.IdentityLimits;
import io.rvnt.server.identity.IdentityService;
import io.rvnt.server.pow.AdaptivePow;
import io.rvnt.server.pow.EffortController;
import io.rvnt.server.pow.PowConfig;
import io.rvnt.server.pow.PowQueue;
import io.rvnt.server.pow.SeedSchedule;
import io.rvnt.server.ledger.LocalLedger;
import io.rvnt.server.metrics.ServerMetrics;
import io.rvnt.server.ratelimit.RateLimitPolicy;
import io.rvnt.server.ratelimit.RateLimiter;
import io.rvnt.server.store.InMemoryIdentityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The HTTP request handling up to the identity service (FUZZING.md): the bytes of one connection go through the
 * listener's pipeline (HTTP codec with the spec's line and header limits, body limit, dispatch, headers, signed
 * request, proof of work, body decoding). Whatever they are, every answer is valid HTTP with the status its error
 * code maps to, never a 500, and a connection that got no 2xx answer stored nothing.
 */
class ApiRequestFuzzTest {
  /** The seeds' signed requests carry this timestamp; the clock stays on it so that they stay fresh. */
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** No proof of work, so that mutated requests reach the checks behind it. */
  private static final IdentityLimits LIMITS = new IdentityLimits(0, 0, Duration.ofSeconds(60), 100, 500, 0);
  private static final int MAX_BODY = 32_768;
  private static final int MAX_INITIAL_LINE = 1_024;

  @FuzzTest
  void everyAnswerIsValidHttpWithItsErrorCodesStatusAndRefusalsStoreNothing(byte[] connection) throws Exception {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    AdaptivePow pow = new AdaptivePow(new SeedSchedule(new byte[32], PowConfig.DEFAULT_SEED_PERIOD, CLOCK),
        new EffortController(1, PowConfig.defaults(), CLOCK), 0, 0);
    IdentityService service =
        new IdentityService(store, new LocalLedger(store), CLOCK, LIMITS, () -> Long.MAX_VALUE, 1_024, pow);
    RateLimiter limiter = new RateLimiter(CLOCK, RateLimitPolicy.perMinute(600), RateLimitPolicy.perMinute(600),
        RateLimitPolicy.perMinute(600), RateLimitPolicy.perMinute(600), 64);
    ServerMetrics metrics = new ServerMetrics(CLOCK, Route.metricNames());
    // Workers run inline: the fuzzer sees the whole request handling in one thread.
    ApiResources api = new ApiResources(limiter, metrics, new IdentityEndpoints(service,
        PowQueue.inline(CLOCK, pow.controller()), MAX_BODY), Runnable::run);
    ReceiveDeadline deadline = new ReceiveDeadline(Duration.ofMinutes(10), Duration.ofMinutes(10));
    EmbeddedChannel server = new EmbeddedChannel(deadline,
        new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE).setMaxHeaderSize(8_192)
            .setMaxChunkSize(8_192)),
        new BodyLimitAggregator(MAX_BODY, metrics),
        new ApiHandler(api, deadline, 16));
    server.writeInbound(Unpooled.wrappedBuffer(connection));
    server.runPendingTasks();

    EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
    for (ByteBuf written = server.readOutbound(); written != null; written = server.readOutbound()) {
      client.writeInbound(written);
      server.runPendingTasks();
    }
    boolean succeeded = false;
    for (FullHttpResponse response = client.readInbound(); response != null; response = client.readInbound()) {
      try {
        assertThat(response.decoderResult().isSuccess()).as("answers are valid HTTP").isTrue();
        int status = response.status().code();
        assertThat(status).as("no request makes the server fail").isNotEqualTo(500);
        if (status >= 400) {
          byte[] body = new byte[response.content().readableBytes()];
          response.content().getBytes(0, body);
          ErrorCode code = Error.parseFrom(body).getCode();
          if (status == 414) {
            // Spec §9: a request line over the limit is 414 with MALFORMED_REQUEST (414 has no code of its own).
            assertThat(code).as("414 carries MALFORMED_REQUEST").isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertThat(longestLine(connection)).as("414 answers a request line over the limit")
                .isGreaterThan(MAX_INITIAL_LINE);
          } else {
            assertThat(ErrorResponses.statusOf(code).code()).as("the status is its error code's (%s)", code)
                .isEqualTo(status);
          }
        } else {
          assertThat(status).isBetween(200, 299);
          succeeded = true;
        }
      } finally {
        response.release();
      }
    }
    if (!succeeded) {
      assertThat(store.entries()).as("refused requests change nothing").isEmpty();
    }
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  /** The longest run of bytes between line feeds: a 414 needs a request line longer than the limit somewhere. */
  private static int longestLine(byte[] connection) {
    int longest = 0;
    int current = 0;
    for (byte b : connection) {
      current = b == '\n' ? 0 : current + 1;
      longest = Math.max(longest, current);
    }
    return longest;
  }
}
