package io.rvnt.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.rvnt.protocol.wire.ErrorCode;
import java.util.List;

/**
 * Looks at the first bytes of a connection (spec §8). A PROXY v1 or v2 header: installs its decoder ({@link
 * ProxyV1Decoder}, or {@link ProxyV2Decoder}, Netty's, for v2) and {@link ProxyOriginHandler} in its place.
 * Anything else: with {@code required}, answers {@code 400 PROXY_HEADER_REQUIRED} and closes; with {@code optional},
 * steps aside and the connection stays {@code direct}. Runs once, then removes itself; what it buffered goes on to the
 * next handler.
 */
final class ProxyProtocolDetector extends ByteToMessageDecoder {
  static final String DECODER_NAME = "haproxy-decoder";

  private final boolean required;
  private boolean rejected;

  ProxyProtocolDetector(boolean required) {
    this.required = required;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (rejected) {
      in.skipBytes(in.readableBytes());
      return;
    }
    ProtocolDetectionResult<HAProxyProtocolVersion> result = HAProxyMessageDecoder.detectProtocol(in);
    switch (result.state()) {
      case NEEDS_MORE_DATA -> {
        // At most 12 bytes are needed; the receive deadline bounds how long we wait for them.
      }
      case DETECTED -> {
        // Version 1 by our own decoder: Netty's refuses the port 0 that Tor sends (see ProxyV1Decoder).
        ByteToMessageDecoder decoder = result.detectedProtocol() == HAProxyProtocolVersion.V1
            ? new ProxyV1Decoder()
            : new ProxyV2Decoder();
        ctx.pipeline().addAfter(ctx.name(), DECODER_NAME, decoder);
        ctx.pipeline().addAfter(DECODER_NAME, "haproxy-origin", new ProxyOriginHandler());
        ctx.pipeline().remove(this);
      }
      case INVALID -> {
        if (required) {
          rejected = true;
          in.skipBytes(in.readableBytes());
          // From the tail, so that the HTTP encoder after us writes it.
          ctx.channel()
              .writeAndFlush(
                  ErrorResponses.of(
                      ErrorCode.PROXY_HEADER_REQUIRED, "this listener requires a PROXY protocol header"))
              .addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.pipeline().remove(this);
        }
      }
    }
  }
}
