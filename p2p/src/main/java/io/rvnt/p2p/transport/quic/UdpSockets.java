package io.rvnt.p2p.transport.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The UDP sockets of one transport, on the caller's event loops: bound on demand, all closed with the transport.
 *
 * <p>A QUIC codec and all its connections live on the event loop of their socket, so one socket uses one core at
 * most. {@link #bindSpread} binds one socket per event loop to the same address with {@code SO_REUSEPORT}: the kernel
 * then hands each peer's packets (by source address and port) always to the same socket, and peers are spread over
 * the loops. The price: a peer whose address changes mid-connection (migration, NAT rebinding) may land on another
 * socket, which does not know the connection, and the connection times out.
 */
final class UdpSockets {
  private final List<EventLoop> loops = new ArrayList<>();
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();

  UdpSockets(EventLoopGroup group) {
    for (EventExecutor executor : group) {
      loops.add((EventLoop) executor);
    }
  }

  /** How many event loops the sockets are spread over. */
  int loopCount() {
    return loops.size();
  }

  /** Binds a socket of {@code local}'s address family on the {@code loop}-th event loop that runs {@code codec}. */
  CompletableFuture<Channel> bind(InetSocketAddress local, ChannelHandler codec, int loop) {
    return bind(local, codec, loop, false);
  }

  /**
   * Binds {@code count} sockets to {@code local} with {@code SO_REUSEPORT}, each on the next event loop with a codec
   * of its own from {@code codec}; with port 0, the others take the port the first one got. Fails with the first
   * bind's cause, and then closes those already bound.
   */
  CompletableFuture<List<Channel>> bindSpread(InetSocketAddress local, Supplier<ChannelHandler> codec, int count) {
    boolean reusePort = count > 1;
    return bind(local, codec.get(), 0, reusePort).thenCompose(first -> {
      InetSocketAddress shared = new InetSocketAddress(local.getAddress(),
          ((InetSocketAddress) first.localAddress()).getPort());
      List<CompletableFuture<Channel>> all = new ArrayList<>(List.of(CompletableFuture.completedFuture(first)));
      for (int i = 1; i < count; i++) {
        all.add(bind(shared, codec.get(), i, reusePort));
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .handle((ignored, failure) -> {
            List<Channel> bound = new ArrayList<>();
            for (CompletableFuture<Channel> socket : all) {
              if (!socket.isCompletedExceptionally()) {
                bound.add(socket.join());
              }
            }
            if (failure != null) {
              bound.forEach(UdpSockets::close);
              throw new CompletionException(failure);
            }
            return bound;
          });
    });
  }

  private CompletableFuture<Channel> bind(InetSocketAddress local, ChannelHandler codec, int loop, boolean reusePort) {
    SocketProtocolFamily family = local.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    CompletableFuture<Channel> bound = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap()
        .group(loops.get(Math.floorMod(loop, loops.size())))
        .channelFactory(() -> new NioDatagramChannel(family))
        .handler(codec);
    if (reusePort) {
      bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }
    bootstrap.bind(local).addListener(f -> {
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
