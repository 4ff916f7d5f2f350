package io.rvnt.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.UpgradeStage;
import java.util.List;

/**
 * multistream-select on a whole connection (to pick the security protocol, then the muxer when the security
 * handshake did not). Once agreed, the outcome installs the next stage after this handler, and this handler
 * removes itself, passing on any bytes that followed. On failure it closes the channel. Runs once.
 */
public final class MultistreamHandler extends UpgradeStage {

  /** Receives the outcome on the channel's event loop. */
  public interface Outcome {
    void agreed(ChannelHandlerContext ctx, String protocol);

    void failed(ChannelHandlerContext ctx, P2pException cause);
  }

  private final Negotiator negotiator;
  private final Outcome outcome;
  private boolean done;

  public MultistreamHandler(Negotiator negotiator, Outcome outcome) {
    this.negotiator = negotiator;
    this.outcome = outcome;
  }

  @Override
  protected void start(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(negotiator.start());
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      return;
    }
    try {
      Negotiator.Step step = negotiator.feed(in);
      if (step.toSend() != null) {
        ctx.writeAndFlush(step.toSend());
      }
      if (step.agreed() != null) {
        done = true;
        outcome.agreed(ctx, step.agreed());
        ctx.pipeline().remove(this);
      }
    } catch (P2pException e) {
      done = true;
      in.skipBytes(in.readableBytes());
      outcome.failed(ctx, e);
      ctx.close();
    }
  }
}
