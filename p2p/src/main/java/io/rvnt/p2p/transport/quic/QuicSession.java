package io.rvnt.p2p.transport.quic;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.rvnt.p2p.core.InboundStreams;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A QUIC connection as a {@link MuxedSession} (libp2p QUIC spec): TLS 1.3 secures it, and each bidirectional QUIC
 * stream is one libp2p stream, negotiated with multistream-select by the host; no Noise and no yamux.
 */
final class QuicSession implements MuxedSession {

  private final QuicChannel channel;
  private final PeerId localPeerId;
  private final Multiaddr localAddress;
  private final boolean initiator;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  // Set once the handshake proved it, before the session is handed out.
  private volatile PeerId remotePeerId;
  private volatile Multiaddr remoteAddress;

  // Guarded by the connection's event loop.
  private final InboundStreams<QuicMuxedStream> inbound = new InboundStreams<>();

  QuicSession(QuicChannel channel, PeerId localPeerId, Multiaddr localAddress, boolean initiator) {
    this.channel = channel;
    this.localPeerId = localPeerId;
    this.localAddress = localAddress;
    this.initiator = initiator;
    channel.closeFuture().addListener(f -> onClosed());
  }

  void established(PeerId remote, Multiaddr remoteAddr) {
    this.remotePeerId = remote;
    this.remoteAddress = remoteAddr;
  }

  QuicChannel channel() {
    return channel;
  }

  /** A stream the remote opened: delivered to the inbound handler, or held until there is one. */
  void onInboundStream(QuicMuxedStream stream) {
    inbound.deliver(stream);
  }

  private void onClosed() {
    inbound.clear();
    closeFuture.complete(null);
  }

  @Override
  public PeerId localPeerId() {
    return localPeerId;
  }

  @Override
  public PeerId remotePeerId() {
    return remotePeerId;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public CompletableFuture<MuxedStream> openStream() {
    CompletableFuture<MuxedStream> result = new CompletableFuture<>();
    channel.eventLoop().execute(() -> {
      if (!channel.isActive()) {
        result.completeExceptionally(new P2pException(P2pException.Reason.CONNECTION_CLOSED, "connection is closed"));
        return;
      }
      // The remote's initial_max_streams_bidi and later MAX_STREAMS frames are the stream limit on this side.
      if (channel.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) <= 0) {
        result.completeExceptionally(new P2pException(P2pException.Reason.TOO_MANY_STREAMS,
            "the remote allows no more streams on this connection"));
        return;
      }
      QuicMuxedStream stream = new QuicMuxedStream(true);
      channel.createStream(QuicStreamType.BIDIRECTIONAL, stream).addListener(f -> {
        if (f.isSuccess()) {
          result.complete(stream);
        } else {
          result.completeExceptionally(
              new P2pException(P2pException.Reason.TOO_MANY_STREAMS, "could not open a stream", f.cause()));
        }
      });
    });
    return result;
  }

  @Override
  public void setInboundStreamHandler(Consumer<MuxedStream> handler) {
    channel.eventLoop().execute(() -> inbound.setHandler(handler));
  }

  @Override
  public CompletableFuture<Void> close() {
    channel.close();
    return closeFuture;
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }
}
