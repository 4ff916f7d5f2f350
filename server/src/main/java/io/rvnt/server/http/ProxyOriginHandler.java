package io.rvnt.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;

/** Turns the connection's PROXY header into its rate-limit origin, releases it, and removes itself. */
final class ProxyOriginHandler extends ChannelInboundHandlerAdapter {
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HAProxyMessage header) {
      try {
        ChannelOrigin.set(ctx.channel(), CircuitIds.originOf(header));
      } finally {
        header.release();
      }
      ctx.pipeline().remove(this);
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
