package io.rvnt.p2p.transport.quic;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

/** Streams the remote opens: each becomes a {@link QuicMuxedStream} of its connection's session. */
@ChannelHandler.Sharable
final class InboundStreamInitializer extends ChannelInitializer<QuicStreamChannel> {
  @Override
  protected void initChannel(QuicStreamChannel channel) {
    QuicMuxedStream stream = new QuicMuxedStream(false);
    channel.pipeline().addLast(stream);
    QuicSession session = channel.parent().attr(ConnectionHandler.SESSION).get();
    if (session == null || channel.type() != QuicStreamType.BIDIRECTIONAL) {
      channel.close();
      return;
    }
    session.onInboundStream(stream);
  }
}
