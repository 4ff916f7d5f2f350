package io.rvnt.p2p.core;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A secured, muxed connection of a {@link Host} to one peer, on any transport. */
public interface Connection {

  PeerId localPeerId();

  PeerId remotePeerId();

  Multiaddr localAddress();

  Multiaddr remoteAddress();

  boolean isInitiator();

  /**
   * Opens a stream, proposes {@code protocols} in order with multistream-select, and runs {@code handler} on the
   * first one the remote accepts. Fails with {@link P2pException.Reason#PROTOCOL_NOT_SUPPORTED} if it accepts none.
   */
  <C> CompletableFuture<C> newStream(List<String> protocols, ProtocolHandler<C> handler);

  CompletableFuture<Void> close();

  CompletableFuture<Void> closeFuture();
}
