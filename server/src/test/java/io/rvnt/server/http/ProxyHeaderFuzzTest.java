package io.rvnt.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rvnt.server.ratelimit.Origin;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * PROXY v1 and v2 headers and the circuit ids in them (FUZZING.md), on a listener that requires them. The first
 * bytes of a connection are refused (the connection closes and nothing reaches the application), or they were a
 * header: the application then sees an origin and exactly the bytes that followed the header.
 */
class ProxyHeaderFuzzTest {

  @FuzzTest
  void headerIsRefusedOrGivesAnOriginAndPassesTheRestUnchanged(byte[] connection) {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(true), sink);
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(connection));
    } catch (DecoderException e) {
      assertThat(e).as("a bad header is a typed error").isInstanceOf(HAProxyProtocolException.class);
      assertThat(channel.isOpen()).as("a bad header closes the connection").isFalse();
    }
    byte[] passed = sink.bytes.toByteArray();
    if (passed.length > 0) {
      assertThat(sink.origin).as("what passes has an origin").isNotNull();
      assertThat(passed).as("the bytes after the header pass unchanged")
          .isEqualTo(Arrays.copyOfRange(connection, connection.length - passed.length, connection.length));
    }
    channel.finishAndReleaseAll();
  }

  /** Collects what reaches the application, and the origin it saw. */
  static final class Sink extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Origin origin;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buffer) {
        bytes.writeBytes(ByteBufUtil.getBytes(buffer));
        origin = ChannelOrigin.of(ctx.channel());
      }
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }
}
