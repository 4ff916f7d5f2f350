package io.rvnt.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

/**
 * Netty's PROXY v2 decoder, minus one behaviour: when the connection closes, Netty decodes what is left of the
 * input once more, after the header was already refused and the connection closed for it, and that second attempt
 * fails again, sometimes untyped ({@code DecoderException: minimumReadableBytes : -8}, found by the proxy-header
 * fuzz target). At the close nothing is left to decode: a header cut short by the close dies with its connection,
 * and the buffer is released when the handler is removed with the closed channel's pipeline.
 */
final class ProxyV2Decoder extends HAProxyMessageDecoder {

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ctx.fireChannelInactive();
  }
}
