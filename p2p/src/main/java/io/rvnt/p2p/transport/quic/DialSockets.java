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
import java.util.function.Supplier;

/**
 * Where outgoing connections leave from: the UDP socket all dials of one address family share, bound on first use.
 * One socket, and so one QUIC client codec, for every outgoing connection: building a codec makes quiche build a TLS
 * context, the largest cost of a dial.
 */
final class DialSockets {
  private final UdpSockets sockets;
  private final Supplier<ChannelHandler> clientCodec;
  // Guarded by itself; keyed by "is IPv4".
  private final Map<Boolean, CompletableFuture<Channel>> bound = new HashMap<>();

  /** @param clientCodec builds the QUIC client codec of a new socket */
  DialSockets(UdpSockets sockets, Supplier<ChannelHandler> clientCodec) {
    this.sockets = sockets;
    this.clientCodec = clientCodec;
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
    synchronized (bound) {
      return bound.computeIfAbsent(ip4, family -> {
        InetSocketAddress local = family ? new InetSocketAddress("0.0.0.0", 0) : new InetSocketAddress("::", 0);
        CompletableFuture<Channel> socket = sockets.bind(local, clientCodec.get());
        // A failed bind is not kept: the next dial tries again.
        socket.whenComplete((s, failure) -> {
          if (failure != null) {
            synchronized (bound) {
              bound.remove(family, socket);
            }
          }
        });
        return socket;
      });
    }
  }
}
