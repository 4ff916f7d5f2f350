package io.rvnt.p2p.discovery.mdns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * mDNS on the node's LAN links (RFC 6762): per link and IP family one UDP socket on port 5353, joined to
 * 224.0.0.251 or ff02::fb on that interface only, sending with TTL 255 (RFC 6762 §11) on that interface only.
 * Asks every query interval, announces at start (twice, one second apart, RFC 6762 §8.3) and says goodbye at
 * close (RFC 6762 §10.1). Runs on {@code group}'s event loops; decoding is bounded work, nothing blocks.
 */
public final class MdnsService implements AutoCloseable {

  public static final int PORT = 5353;
  public static final InetAddress GROUP_V4 = literal("224.0.0.251");
  public static final InetAddress GROUP_V6 = literal("ff02::fb");

  private final MdnsEngine engine;
  private final List<Socket> sockets;
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

  private record Socket(LanLink link, Channel channel, InetSocketAddress group) {}

  private MdnsService(MdnsEngine engine, List<Socket> sockets) {
    this.engine = engine;
    this.sockets = sockets;
  }

  /** Opens the sockets of every link of {@code engine} and starts asking and announcing. */
  public static MdnsService start(MdnsEngine engine, MdnsMetrics metrics, EventLoopGroup group)
      throws IOException, InterruptedException {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (LanLink link : engine.links()) {
        if (link.hasFamily(Inet4Address.class)) {
          sockets.add(open(engine, metrics, group, link, SocketProtocolFamily.INET, GROUP_V4));
        }
        if (link.hasFamily(Inet6Address.class)) {
          sockets.add(open(engine, metrics, group, link, SocketProtocolFamily.INET6, GROUP_V6));
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      sockets.forEach(s -> s.channel().close());
      throw e;
    }
    MdnsService service = new MdnsService(engine, sockets);
    long interval = engine.config().queryInterval().toMillis();
    service.tasks.add(group.next().scheduleAtFixedRate(service::query, 0, interval, TimeUnit.MILLISECONDS));
    service.tasks.add(group.next().schedule(() -> service.announce(false), 0, TimeUnit.MILLISECONDS));
    service.tasks.add(group.next().schedule(() -> service.announce(false), 1, TimeUnit.SECONDS));
    return service;
  }

  /** How many sockets are open (one per link and IP family). */
  public int sockets() {
    return sockets.size();
  }

  /** Says goodbye and closes the sockets. */
  @Override
  public void close() throws InterruptedException {
    tasks.forEach(t -> t.cancel(false));
    announce(true);
    for (Socket s : sockets) {
      s.channel().close().await(5, TimeUnit.SECONDS);
    }
  }

  private void query() {
    engine.query().ifPresent(packet -> sockets.forEach(s -> send(s, packet)));
  }

  private void announce(boolean goodbye) {
    for (Socket s : sockets) {
      engine.announce(s.link(), goodbye).forEach(packet -> send(s, packet));
    }
  }

  private static void send(Socket s, byte[] packet) {
    s.channel().writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), s.group()));
  }

  private static Socket open(MdnsEngine engine, MdnsMetrics metrics, EventLoopGroup group, LanLink link,
      SocketProtocolFamily family, InetAddress multicast) throws IOException, InterruptedException {
    InetSocketAddress groupAddress = new InetSocketAddress(multicast, PORT);
    Channel channel = new Bootstrap().group(group)
        .channelFactory(() -> new NioDatagramChannel(family))
        // Other mDNS stacks on the host (avahi, another node) share the port (RFC 6762 §15.1).
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.IP_MULTICAST_IF, link.networkInterface())
        .option(ChannelOption.IP_MULTICAST_TTL, 255)
        .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
        .option(ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(engine.config().limits().maxPacketBytes() + 1))
        .handler(new MdnsPacketHandler(engine, link, groupAddress, metrics))
        .bind(new InetSocketAddress(family == SocketProtocolFamily.INET ? "0.0.0.0" : "::", PORT))
        .sync().channel();
    try {
      ((DatagramChannel) channel).joinGroup(groupAddress, link.networkInterface()).sync();
    } catch (RuntimeException e) {
      channel.close();
      throw new IOException("mdns: cannot join " + multicast.getHostAddress() + " on " + link.name(), e);
    }
    return new Socket(link, channel, groupAddress);
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new AssertionError("a literal address needs no lookup", e);
    }
  }
}
