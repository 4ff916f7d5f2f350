package io.rvnt.p2p.discovery.mdns;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The mDNS socket of one interface and IP family: each datagram goes to the engine, and what the engine answers
 * is multicast back on the same socket. A datagram above the packet limit is refused before it is copied (the
 * channel reads at most one byte more than the limit, so a larger one still shows as too large).
 */
final class MdnsPacketHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private final MdnsEngine engine;
  private final LanLink link;
  private final InetSocketAddress group;
  private final MdnsMetrics metrics;

  MdnsPacketHandler(MdnsEngine engine, LanLink link, InetSocketAddress group, MdnsMetrics metrics) {
    this.engine = engine;
    this.link = link;
    this.group = group;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    if (packet.content().readableBytes() > engine.config().limits().maxPacketBytes()) {
      metrics.packetReceived();
      metrics.refuse(MdnsException.Reason.TOO_LARGE);
      return;
    }
    byte[] bytes = ByteBufUtil.getBytes(packet.content());
    for (byte[] reply : engine.receive(bytes, packet.sender().getAddress(), link)) {
      ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), group));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A send or receive error on a datagram socket concerns one packet; the socket stays open for the next.
    metrics.sendFailed();
  }
}
