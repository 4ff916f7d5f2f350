package io.rvnt.p2p.core;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The stream muxer session abstraction: a secured connection that carries many {@link MuxedStream}s (TCP + Noise +
 * yamux, or QUIC). What a {@link Transport} produces; the {@link Host} runs multistream-select on its streams.
 */
public interface MuxedSession {

  PeerId localPeerId();

  /** The PeerId the remote proved during the security handshake. */
  PeerId remotePeerId();

  Multiaddr localAddress();

  Multiaddr remoteAddress();

  boolean isInitiator();

  /** Opens a new outbound stream; fails with {@link P2pException.Reason#TOO_MANY_STREAMS} at the limit. */
  CompletableFuture<MuxedStream> openStream();

  /**
   * Sets the receiver of streams the remote opens. Streams opened before it is set are held and delivered to it
   * once set (within the stream limit).
   */
  void setInboundStreamHandler(Consumer<MuxedStream> handler);

  /** Closes the connection (yamux go-away then TCP close, QUIC close) and resets its streams. */
  CompletableFuture<Void> close();

  /** Completes when the connection is closed, by either side or by an error. Never fails. */
  CompletableFuture<Void> closeFuture();
}
