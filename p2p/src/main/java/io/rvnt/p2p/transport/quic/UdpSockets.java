package io.rvnt.p2p.transport.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The UDP sockets of one transport, on the caller's event loops: bound on demand, all closed with the transport. */
final class UdpSockets {
  private final EventLoopGroup group;
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();

  UdpSockets(EventLoopGroup group) {
    this.group = group;
  }

  /** Binds a socket of {@code local}'s address family that runs {@code codec}; fails with the bind's cause. */
  CompletableFuture<Channel> bind(InetSocketAddress local, ChannelHandler codec) {
    SocketProtocolFamily family = local.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    CompletableFuture<Channel> bound = new CompletableFuture<>();
    new Bootstrap()
        .group(group)
        .channelFactory(() -> new NioDatagramChannel(family))
        .handler(codec)
        .bind(local)
        .addListener(f -> {
          if (f.isSuccess()) {
            Channel socket = ((ChannelFuture) f).channel();
            open.add(socket);
            socket.closeFuture().addListener(c -> open.remove(socket));
            bound.complete(socket);
          } else {
            bound.completeExceptionally(f.cause());
          }
        });
    return bound;
  }

  /** Closes every socket still open; each future completes once its socket is closed. */
  List<CompletableFuture<Void>> closeAll() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Channel socket : open) {
      closing.add(close(socket));
    }
    return closing;
  }

  static CompletableFuture<Void> close(Channel socket) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    socket.close().addListener(f -> done.complete(null));
    return done;
  }
}
