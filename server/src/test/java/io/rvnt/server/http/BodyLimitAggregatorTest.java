package io.rvnt.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rvnt.server.metrics.ServerMetrics;
import io.rvnt.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Spec §9's body limit in an EmbeddedChannel: 413 with an Error body, connection closed; the limit itself passes. */
class BodyLimitAggregatorTest {
  final ServerMetrics metrics =
      new ServerMetrics(MutableClock.atFixedInstant(), Route.metricNames());

  EmbeddedChannel channel(int limit) {
    return new EmbeddedChannel(new HttpServerCodec(), new BodyLimitAggregator(limit, metrics));
  }

  static ByteBuf post(int length) {
    return Unpooled.copiedBuffer("POST /v1/register HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n"
        + "a".repeat(length), StandardCharsets.US_ASCII);
  }

  @Test
  void passesABodyOfExactlyTheLimit() {
    EmbeddedChannel channel = channel(100);
    channel.writeInbound(post(100));
    FullHttpRequest request = channel.readInbound();
    assertThat(request.content().readableBytes()).isEqualTo(100);
    request.release();
    assertThat(channel.isOpen()).isTrue();
    channel.finishAndReleaseAll();
  }

  @Test
  void refusesOneByteMoreWith413AndCloses() {
    EmbeddedChannel channel = channel(100);
    channel.writeInbound(post(101));
    assertThat((Object) channel.readInbound()).as("nothing reaches the API").isNull();
    ByteBuf response = channel.readOutbound();
    assertThat(response.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 413 ");
    response.release();
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }
}
