package io.rvnt.p2p.core;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A libp2p transport (TCP + Noise + yamux, QUIC): dials and listens by multiaddr and yields secured, muxed
 * sessions. A transport is built with the host's identity key and {@link P2pLimits}.
 */
public interface Transport {

  /** True if this transport can dial {@code address} (for example /ip4/../tcp/.. for TCP). */
  boolean canDial(Multiaddr address);

  /** True if this transport can listen on {@code address}. */
  boolean canListen(Multiaddr address);

  /**
   * Dials {@code address} and completes with a session whose remote proved {@code expectedPeer}; fails with
   * {@link P2pException.Reason#PEER_ID_MISMATCH} when it proves another one.
   */
  CompletableFuture<MuxedSession> dial(Multiaddr address, PeerId expectedPeer);

  /**
   * Listens on {@code address}; every inbound connection that completes its handshake is passed to
   * {@code inbound} on its event loop, before any of its streams is delivered.
   */
  CompletableFuture<Listener> listen(Multiaddr address, Consumer<MuxedSession> inbound);

  /**
   * Inbound connections whose security or muxer handshake failed or timed out, since the transport started: an
   * aggregate for metrics. Zero for a transport that does not count them.
   */
  default long inboundHandshakeFailures() {
    return 0;
  }

  /** Closes every listener and connection of this transport. */
  CompletableFuture<Void> close();

  /** One listening socket. */
  interface Listener {

    /** The bound address (with the actual port when 0 was asked for). */
    Multiaddr localAddress();

    CompletableFuture<Void> close();
  }
}
