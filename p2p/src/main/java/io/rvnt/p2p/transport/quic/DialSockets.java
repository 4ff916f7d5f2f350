package io.rvnt.p2p.transport.quic;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pException.Reason;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where outgoing connections leave from: a few UDP sockets per address family, one per event loop ({@code count}),
 * each bound on first use and shared by the dials that take it in turn. Shared, because each socket has its own QUIC
 * client codec, and building a codec makes quiche build a TLS context, the largest cost of a dial; several, because a
 * socket and its connections run on one event loop, so one socket would put every dial on one core.
 */
final class DialSockets {
  private final UdpSockets sockets;
  private final Supplier<ChannelHandler> clientCodec;
  private final int count;
  private final AtomicInteger next = new AtomicInteger();
  // Guarded by itself; keyed by "is IPv4", then by socket index.
  private final Map<Boolean, Map<Integer, CompletableFuture<Channel>>> bound = new HashMap<>();

  /**
   * @param clientCodec builds the QUIC client codec of a new socket
   * @param count sockets per address family
   */
  DialSockets(UdpSockets sockets, Supplier<ChannelHandler> clientCodec, int count) {
    this.sockets = sockets;
    this.clientCodec = clientCodec;
    this.count = count;
  }

  /**
   * Opens a QUIC connection to {@code remote} for {@code attempt}, with {@code connection} as its handler and
   * {@code streams} for the streams its remote opens; a failure to bind or connect fails the attempt.
   */
  void connect(InetSocketAddress remote, DialAttempt attempt, ChannelHandler connection, ChannelHandler streams) {
    socket(remote.getAddress() instanceof Inet4Address).whenComplete((socket, failure) -> {
      if (failure != null) {
        attempt.fail(new P2pException(Reason.DIAL_FAILED, "cannot bind a UDP socket", failure));
        return;
      }
      QuicChannel.newBootstrap(socket)
          .attr(DialAttempt.KEY, attempt)
          .handler(connection)
          .streamHandler(streams)
          .remoteAddress(remote)
          .connect()
          .addListener(connected -> {
            if (!connected.isSuccess()) {
              attempt.fail(attempt.failureReason(connected.cause()));
            }
          });
    });
  }

  private CompletableFuture<Channel> socket(boolean ip4) {
    int index = Math.floorMod(next.getAndIncrement(), count);
    synchronized (bound) {
      Map<Integer, CompletableFuture<Channel>> family = bound.computeIfAbsent(ip4, f -> new HashMap<>());
      return family.computeIfAbsent(index, i -> {
        InetSocketAddress local = ip4 ? new InetSocketAddress("0.0.0.0", 0) : new InetSocketAddress("::", 0);
        CompletableFuture<Channel> socket = sockets.bind(local, clientCodec.get(), i);
        // A failed bind is not kept: the next dial tries again.
        socket.whenComplete((s, failure) -> {
          if (failure != null) {
            synchronized (bound) {
              family.remove(i, socket);
            }
          }
        });
        return socket;
      });
    }
  }
}
