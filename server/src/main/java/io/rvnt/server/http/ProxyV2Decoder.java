package io.rvnt.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;

/**
 * Netty's PROXY v2 decoder, minus one behaviour: when the connection closes, Netty decodes what is left of the
 * input once more, after the header was already refused and the connection closed for it, and that second attempt
 * fails again, sometimes untyped ({@code DecoderException: minimumReadableBytes : -8}, found by the proxy-header
 * fuzz target). At the close nothing is left to decode: a header cut short by the close dies with its connection,
 * and the buffer is released when the handler is removed with the closed channel's pipeline.
 *
 * <p>And one more: a header whose TLVs claim more bytes than the header holds makes Netty read past its end and
 * fail untyped ({@code IndexOutOfBoundsException} in a {@code DecoderException}, found by the proxy-header fuzz
 * target). Every failure to read a header is a refused header here: {@link HAProxyProtocolException}, the
 * connection closed, as Netty does for the failures it types itself.
 */
final class ProxyV2Decoder extends HAProxyMessageDecoder {

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    try {
      super.channelRead(ctx, msg);
    } catch (HAProxyProtocolException refused) {
      throw refused;
    } catch (DecoderException unreadable) {
      // ByteToMessageDecoder wraps whatever decoding threw (here an IndexOutOfBoundsException) in a plain one.
      ctx.close();
      throw new HAProxyProtocolException("unreadable PROXY v2 header",
          unreadable.getCause() != null ? unreadable.getCause() : unreadable);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ctx.fireChannelInactive();
  }
}
