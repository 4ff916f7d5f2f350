package io.rvnt.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rvnt.protocol.wire.Error;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.ratelimit.Origin;
import io.rvnt.testsupport.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §8: circuit ids from PROXY headers, one input at a time in an EmbeddedChannel. */
class ProxyProtocolTest {
  static HAProxyMessage tcp6(String source) {
    return new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP6,
        source, "::1", 1234, 80);
  }

  @Test
  void takesTheCircuitIdFromTheLast32BitsOfTheTorPrefix() {
    HAProxyMessage message = tcp6("fc00:dead:beef:4dad::aabb:ccdd");
    assertThat(CircuitIds.originOf(message)).isEqualTo(Origin.circuit(0xAABBCCDD));
    message.release();
  }

  @Test
  void treatsOtherIpv6SourcesAsDirect() {
    for (String source : new String[] {"fc00:dead:beef:4dae::1", "2001:db8::1", "fc00:dead:beef:4dad:1::1"}) {
      HAProxyMessage message = tcp6(source);
      assertThat(CircuitIds.originOf(message)).as(source).isEqualTo(Origin.direct());
      message.release();
    }
  }

  @Test
  void treatsIpv4AndLocalAsDirect() {
    HAProxyMessage ipv4 = new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY,
        HAProxyProxiedProtocol.TCP4, "10.0.0.1", "10.0.0.2", 1, 2);
    assertThat(CircuitIds.originOf(ipv4)).isEqualTo(Origin.direct());
    ipv4.release();
    HAProxyMessage local = new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
        HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
    assertThat(CircuitIds.originOf(local)).isEqualTo(Origin.direct());
    local.release();
  }

  /** Records what reaches the end of the pipeline and the origin seen with it. */
  static final class Sink extends ChannelInboundHandlerAdapter {
    final List<String> received = new ArrayList<>();
    Origin origin;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      received.add(bytes.toString(StandardCharsets.US_ASCII));
      origin = ChannelOrigin.of(ctx.channel());
      bytes.release();
    }
  }

  @Test
  void decodesAV1HeaderAndPassesTheRestOn() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(false), sink);
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(RawHttp.proxyV1Tor(0x01020304));
    in.writeBytes("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    channel.writeInbound(in);
    assertThat(String.join("", sink.received)).isEqualTo("GET / HTTP/1.1\r\n");
    assertThat(sink.origin).isEqualTo(Origin.circuit(0x01020304));
    assertThat(channel.pipeline().get(ProxyProtocolDetector.class)).as("runs once").isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void decodesAV2Header() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(true), sink);
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(RawHttp.proxyV2Tor(0xFFFFFFFF));
    in.writeBytes("GET".getBytes(StandardCharsets.US_ASCII));
    channel.writeInbound(in);
    assertThat(sink.origin).isEqualTo(Origin.circuit(0xFFFFFFFF));
    channel.finishAndReleaseAll();
  }

  @Test
  void decodesAV1HeaderWithPortsZeroAsTorSendsForOneCircuitIn65536() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(true), sink);
    channel.writeInbound(Unpooled.copiedBuffer(
        "PROXY TCP6 fc00:dead:beef:4dad::a71c:0 ::1 0 0\r\nGET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
    assertThat(channel.isOpen()).as("the PROXY protocol allows ports 0 to 65535").isTrue();
    assertThat(String.join("", sink.received)).isEqualTo("GET / HTTP/1.1\r\n");
    assertThat(sink.origin).isEqualTo(Origin.circuit(0xa71c0000));
    channel.finishAndReleaseAll();
  }

  @Test
  void decodesAV2HeaderWithPortsZero() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(true), sink);
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(RawHttp.proxyV2Tor(0xa71c0000, 0, 0));
    in.writeBytes("GET".getBytes(StandardCharsets.US_ASCII));
    channel.writeInbound(in);
    assertThat(sink.origin).isEqualTo(Origin.circuit(0xa71c0000));
    assertThat(String.join("", sink.received)).isEqualTo("GET");
    channel.finishAndReleaseAll();
  }

  @Test
  void refusesAV2HeaderWhoseTlvClaimsMoreBytesThanTheHeaderHoldsTypedAndClosed() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(true), sink);
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    in.writeByte(0x21); // version 2, PROXY
    in.writeByte(0x21); // TCP over IPv6
    in.writeShort(36 + 3 + 2); // the addresses, a TLV's type and length, and 2 of the 0xF000 bytes it claims
    in.writeZero(36);
    in.writeByte(0x04).writeShort(0xF000).writeZero(2);
    in.writeBytes("GET".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> channel.writeInbound(in)).as("a header that cannot be read is refused, typed")
        .isInstanceOf(HAProxyProtocolException.class);
    assertThat(channel.isOpen()).as("a refused header closes the connection").isFalse();
    assertThat(sink.received).as("nothing reaches the application").isEmpty();
    channel.finishAndReleaseAll();
  }

  @Test
  void optionalModeLetsAPlainRequestThroughAsDirect() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(false), sink);
    channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
    assertThat(sink.received).containsExactly("GET / HTTP/1.1\r\n");
    assertThat(sink.origin).isEqualTo(Origin.direct());
    channel.finishAndReleaseAll();
  }

  @Test
  void waitsForTwelveBytesBeforeDeciding() {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(false), sink);
    channel.writeInbound(Unpooled.copiedBuffer("GET /", StandardCharsets.US_ASCII));
    assertThat(sink.received).isEmpty();
    channel.writeInbound(Unpooled.copiedBuffer(" HTTP/1.1\r\n", StandardCharsets.US_ASCII));
    assertThat(String.join("", sink.received)).isEqualTo("GET / HTTP/1.1\r\n");
    channel.finishAndReleaseAll();
  }

  @Test
  void requiredModeAnswersProxyHeaderRequiredAndCloses() throws Exception {
    Sink sink = new Sink();
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyProtocolDetector(true), new HttpServerCodec(), sink);
    channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
    assertThat(sink.received).as("nothing reaches the application").isEmpty();
    // The encoder may write the head and the body as one buffer or as several: read them all.
    java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
    for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
      answer.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(written));
      written.release();
    }
    String text = answer.toString(StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("HTTP/1.1 400 Bad Request");
    byte[] body = text.substring(text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Error.parseFrom(body).getCode()).as("the answer names the missing header")
        .isEqualTo(ErrorCode.PROXY_HEADER_REQUIRED);
    assertThat(channel.isOpen()).as("closed after the answer").isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void everyErrorCodeMapsToItsSpecStatus() {
    assertThat(ErrorResponses.statusOf(ErrorCode.RATE_LIMITED).code()).isEqualTo(429);
    assertThat(ErrorResponses.statusOf(ErrorCode.INSUFFICIENT_STORAGE).code()).isEqualTo(507);
    assertThat(ErrorResponses.statusOf(ErrorCode.HEADERS_TOO_LARGE).code()).isEqualTo(431);
    assertThat(ErrorResponses.statusOf(ErrorCode.REPLAYED_REQUEST).code()).isEqualTo(409);
    assertThat(ErrorResponses.statusOf(ErrorCode.STALE_TIMESTAMP).code()).isEqualTo(401);
    assertThat(ErrorResponses.statusOf(ErrorCode.POW_INSUFFICIENT).code()).isEqualTo(403);
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.UNRECOGNIZED) {
        FullHttpResponse response = ErrorResponses.of(code, "x", 0, 3);
        assertThat(response.status().code()).as(code.name()).isBetween(400, 599);
        assertThat(response.headers().get("Retry-After")).isEqualTo("3");
        response.release();
      }
    }
  }
}
