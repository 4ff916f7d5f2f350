package io.rvnt.p2p.core;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * One stage of upgrading a raw connection (multistream-select on the connection, the Noise handshake): a decoder
 * that may have to speak first, which it can do only on an active channel. A stage is added to the pipeline either
 * before the channel is active (an outbound dial) or after (the next stage of an upgrade), so it starts at whichever
 * comes last, and once.
 */
public abstract class UpgradeStage extends ByteToMessageDecoder {

  private boolean started;

  /** Called once, on the event loop, when the handler is in a pipeline whose channel is active. */
  protected abstract void start(ChannelHandlerContext ctx);

  @Override
  public final void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      startOnce(ctx);
    }
  }

  @Override
  public final void channelActive(ChannelHandlerContext ctx) throws Exception {
    startOnce(ctx);
    super.channelActive(ctx);
  }

  private void startOnce(ChannelHandlerContext ctx) {
    if (!started) {
      started = true;
      start(ctx);
    }
  }
}
