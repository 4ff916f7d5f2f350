package io.rvnt.p2p.transport.quic;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.security.tls.Libp2pTrustManager;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The life of one QUIC connection, inbound ({@code inbound} set) or outbound ({@code attempt} set): the connection
 * limit, the handshake timeout, the PeerId the handshake proved, and the hand-over of the session.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  /**
   * Transport error code CONNECTION_REFUSED (RFC 9000 §20.1), sent to a peer beyond the connection limit.
   */
  static final int CONNECTION_REFUSED = 0x2;

  /** The session of a QUIC connection, for the streams its remote opens. */
  static final AttributeKey<QuicSession> SESSION = AttributeKey.valueOf(QuicSession.class, "session");

  private final Consumer<MuxedSession> inbound;
  private final DialAttempt attempt;
  private final QuicConnections connections;
  private final Libp2pTrustManager trust;
  private final PeerId localPeerId;
  private final Duration handshakeTimeoutAfter;
  private ScheduledFuture<?> handshakeTimeout;
  private QuicSession session;
  private boolean established;
  private boolean refused;

  private ConnectionHandler(Consumer<MuxedSession> inbound, DialAttempt attempt, QuicConnections connections,
      Libp2pTrustManager trust, PeerId localPeerId, Duration handshakeTimeout) {
    this.inbound = inbound;
    this.attempt = attempt;
    this.connections = connections;
    this.trust = trust;
    this.localPeerId = localPeerId;
    this.handshakeTimeoutAfter = handshakeTimeout;
  }

  /** A connection a remote opened: it takes a place of the limit here, and is handed to {@code inbound}. */
  static ConnectionHandler inbound(Consumer<MuxedSession> inbound, QuicConnections connections,
      Libp2pTrustManager trust, PeerId localPeerId, Duration handshakeTimeout) {
    return new ConnectionHandler(inbound, null, connections, trust, localPeerId, handshakeTimeout);
  }

  /** A connection this host dialed: its place was taken by the dial, and it completes {@code attempt}. */
  static ConnectionHandler outbound(DialAttempt attempt, QuicConnections connections, Libp2pTrustManager trust,
      PeerId localPeerId, Duration handshakeTimeout) {
    return new ConnectionHandler(null, attempt, connections, trust, localPeerId, handshakeTimeout);
  }

  @Override
  public void channelRegistered(ChannelHandlerContext ctx) {
    QuicChannel channel = (QuicChannel) ctx.channel();
    if (attempt == null) {
      if (connections.closed() || !connections.tryAcquire()) {
        // Registration comes before the codec hands the channel its first packet: refused now, the engine gets no
        // certificate, so TLS stops at the ClientHello, before any key exchange or signature (LocalCertificate).
        refused = true;
        connections.refuse(channel.sslEngine());
        channel.closeFuture().addListener(f -> connections.forgetRefused(channel.sslEngine()));
        ctx.fireChannelRegistered();
        // Once the codec has taken in the first packet (TLS stopped at its ClientHello), so that quiche can send
        // CONNECTION_CLOSE back.
        ctx.executor().execute(() -> channel.close(false, CONNECTION_REFUSED, Unpooled.EMPTY_BUFFER));
        return;
      }
    }
    Multiaddr local = QuicAddresses.toMultiaddr((InetSocketAddress) channel.parent().localAddress());
    session = new QuicSession(channel, localPeerId, local, attempt != null);
    channel.attr(SESSION).set(session);
    connections.add(session);
    channel.closeFuture().addListener(f -> {
      try {
        // Counted here, not in channelInactive: a channel closed before its handshake ends never becomes active,
        // so it never becomes inactive either, and a stalled handshake would go uncounted.
        if (attempt == null && !established) {
          connections.inboundHandshakeFailed();
        }
        connections.remove(session);
        // Drop what the trust manager kept for a handshake that never reached channelActive.
        if (attempt != null) {
          attempt.outcome();
        } else {
          trust.takeOutcome(channel.sslEngine());
        }
      } finally {
        // The place is given back last, so that whoever sees the count of connections drop (it counts places)
        // also sees the failure counted.
        if (attempt != null) {
          attempt.release();
        } else {
          connections.release();
        }
      }
    });
    handshakeTimeout = ctx.executor().schedule(() -> {
      if (attempt != null) {
        attempt.timedOut();
      }
      channel.close();
    }, handshakeTimeoutAfter.toNanos(), TimeUnit.NANOSECONDS);
    ctx.fireChannelRegistered();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    QuicChannel channel = (QuicChannel) ctx.channel();
    if (session == null) {
      return;
    }
    handshakeTimeout.cancel(false);
    Optional<PeerId> remote = attempt != null
        ? attempt.outcome().verified() : trust.takeOutcome(channel.sslEngine()).verified();
    if (remote.isEmpty()) {
      // Cannot happen with client authentication required; refuse rather than trust an unproven peer.
      channel.close();
      return;
    }
    established = true;
    session.established(remote.get(),
        QuicAddresses.toMultiaddr((InetSocketAddress) channel.remoteSocketAddress()));
    ctx.fireChannelActive();
    if (attempt != null) {
      if (!attempt.result.complete(session)) {
        channel.close();
      }
    } else {
      inbound.accept(session);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    if (attempt != null && !attempt.result.isDone()) {
      attempt.fail(attempt.failureReason(null));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (refused) {
      // The TLS failure a refusal causes on purpose. Closed here, inside the codec's read of the packet, quiche's
      // CONNECTION_CLOSE was lost and the dialer waited for its timeout; the close scheduled at registration sends it.
      return;
    }
    // The peer broke QUIC or TLS: it loses its own connection and nothing else.
    ctx.close();
  }
}
