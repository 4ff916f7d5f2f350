package io.rvnt.p2p.transport.quic;

import io.netty.channel.Channel;
import io.rvnt.p2p.core.Transport.Listener;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.concurrent.CompletableFuture;

/** A listening UDP socket: the QUIC server codec on it accepts connections until it is closed. */
final class UdpListener implements Listener {
  private final Channel socket;
  private final Multiaddr address;

  UdpListener(Channel socket, Multiaddr address) {
    this.socket = socket;
    this.address = address;
  }

  @Override
  public Multiaddr localAddress() {
    return address;
  }

  @Override
  public CompletableFuture<Void> close() {
    return UdpSockets.close(socket);
  }
}
