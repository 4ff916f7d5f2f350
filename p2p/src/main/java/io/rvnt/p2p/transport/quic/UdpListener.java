package io.rvnt.p2p.transport.quic;

import io.netty.channel.Channel;
import io.rvnt.p2p.core.Transport.Listener;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The UDP sockets listening on one address (one per event loop, {@link UdpSockets#bindSpread}): the QUIC server codec
 * on each accepts connections until the listener is closed.
 */
final class UdpListener implements Listener {
  private final List<Channel> sockets;
  private final Multiaddr address;

  UdpListener(List<Channel> sockets, Multiaddr address) {
    this.sockets = List.copyOf(sockets);
    this.address = address;
  }

  @Override
  public Multiaddr localAddress() {
    return address;
  }

  @Override
  public CompletableFuture<Void> close() {
    return CompletableFuture.allOf(sockets.stream().map(UdpSockets::close).toArray(CompletableFuture[]::new));
  }
}
