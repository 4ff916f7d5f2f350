package io.rvnt.p2p.transport.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pException.Reason;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.security.tls.CertificateVerifier;
import io.rvnt.p2p.security.tls.Libp2pTrustManager;
import io.rvnt.p2p.security.tls.TlsHandshakeException;
import io.rvnt.p2p.security.tls.TlsIdentity;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * libp2p over QUIC v1 ({@code /ip4|ip6/.../udp/N/quic-v1}, libp2p QUIC spec) on Netty's QUIC codec: TLS 1.3 with the
 * libp2p certificate authenticates both sides, and every bidirectional QUIC stream is a libp2p stream. Limits: the
 * handshake timeout, connection count and streams per connection of {@link P2pLimits} (streams as QUIC
 * initial_max_streams_bidi, so the peer cannot even open more), the buffered bytes per connection (as the connection
 * window, at most {@link QuicConfig#maxData()}), and the stream window and idle timeout of {@link QuicConfig}. Nothing here blocks an event loop; dials take IP addresses only.
 */
public final class QuicTransport implements Transport {

  /**
   * Transport error code CONNECTION_REFUSED (RFC 9000 §20.1), sent to a peer beyond the connection limit.
   */
  static final int CONNECTION_REFUSED = 0x2;

  private static final AttributeKey<QuicSession> SESSION = AttributeKey.valueOf(QuicSession.class, "session");
  private static final AttributeKey<DialAttempt> DIAL_ATTEMPT =
      AttributeKey.valueOf(QuicTransport.class, "dialAttempt");

  private final PeerId localPeerId;
  private final P2pLimits limits;
  private final QuicConfig config;
  private final EventLoopGroup group;
  private final Libp2pTrustManager trust;
  private final QuicSslContext serverTls;
  private final QuicSslContext clientTls;
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<QuicSession> sessions = ConcurrentHashMap.newKeySet();
  private final Set<Channel> sockets = ConcurrentHashMap.newKeySet();
  // Guarded by itself; keyed by "is IPv4".
  private final Map<Boolean, CompletableFuture<Channel>> dialSockets = new HashMap<>();
  private final ChannelHandler inboundStreams = new InboundStreams();
  private final java.util.concurrent.atomic.LongAdder handshakeFailures = new java.util.concurrent.atomic.LongAdder();
  private volatile boolean closed;

  /**
   * @param hostKey the host's identity key, which signs this transport's TLS certificate
   * @param group the event loops of the UDP sockets and their connections, owned by the caller
   */
  public QuicTransport(PrivKey hostKey, P2pLimits limits, QuicConfig config, Clock clock, EventLoopGroup group) {
    this.localPeerId = PeerId.fromPublicKey(hostKey.publicKey());
    this.limits = limits;
    this.config = config;
    this.group = group;
    TlsIdentity identity = TlsIdentity.create(hostKey, clock, config.certificateValidity());
    this.trust = new Libp2pTrustManager(new CertificateVerifier(clock));
    this.serverTls = QuicTls.server(identity, trust);
    this.clientTls = QuicTls.client(identity, trust);
  }

  @Override
  public long inboundHandshakeFailures() {
    return handshakeFailures.sum();
  }

  /** Connections of this transport that are open or handshaking, inbound and outbound. */
  public int connectionCount() {
    return connections.get();
  }

  @Override
  public boolean canDial(Multiaddr address) {
    return QuicAddresses.toSocketAddress(address).isPresent();
  }

  @Override
  public boolean canListen(Multiaddr address) {
    return address.peerIdMultihash().isEmpty() && QuicAddresses.toSocketAddress(address).isPresent();
  }

  @Override
  public CompletableFuture<Listener> listen(Multiaddr address, Consumer<MuxedSession> inbound) {
    Optional<InetSocketAddress> socketAddress = QuicAddresses.toSocketAddress(address);
    if (socketAddress.isEmpty() || !canListen(address)) {
      return CompletableFuture.failedFuture(
          new P2pException(Reason.UNSUPPORTED_ADDRESS, "not an /ip4|ip6/.../udp/N/quic-v1 address"));
    }
    if (closed) {
      return CompletableFuture.failedFuture(new P2pException(Reason.HOST_CLOSED, "transport is closed"));
    }
    ChannelHandler codec = configure(new QuicServerCodecBuilder())
        .sslContext(serverTls)
        .tokenHandler(NoRetryTokenHandler.INSTANCE)
        .handler(new ChannelInitializer<QuicChannel>() {
          @Override
          protected void initChannel(QuicChannel channel) {
            channel.pipeline().addLast(new ConnectionHandler(inbound, null));
          }
        })
        .streamHandler(inboundStreams)
        .build();
    CompletableFuture<Listener> result = new CompletableFuture<>();
    udpBootstrap(socketAddress.get(), codec).bind(socketAddress.get()).addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(new P2pException(Reason.DIAL_FAILED, "cannot bind the UDP socket", f.cause()));
        return;
      }
      Channel socket = ((io.netty.channel.ChannelFuture) f).channel();
      sockets.add(socket);
      socket.closeFuture().addListener(c -> sockets.remove(socket));
      Multiaddr bound = QuicAddresses.toMultiaddr((InetSocketAddress) socket.localAddress());
      result.complete(new UdpListener(socket, bound));
    });
    return result;
  }

  @Override
  public CompletableFuture<MuxedSession> dial(Multiaddr address, PeerId expectedPeer) {
    Optional<InetSocketAddress> remote = QuicAddresses.toSocketAddress(address);
    if (remote.isEmpty()) {
      return CompletableFuture.failedFuture(
          new P2pException(Reason.UNSUPPORTED_ADDRESS, "not an /ip4|ip6/.../udp/N/quic-v1 address"));
    }
    if (closed) {
      return CompletableFuture.failedFuture(new P2pException(Reason.HOST_CLOSED, "transport is closed"));
    }
    if (!tryAcquireConnection()) {
      return CompletableFuture.failedFuture(
          new P2pException(Reason.TOO_MANY_CONNECTIONS, "connection limit " + limits.maxConnections() + " reached"));
    }
    DialAttempt attempt = new DialAttempt(expectedPeer);
    boolean ip4 = remote.get().getAddress() instanceof Inet4Address;
    dialSocket(ip4).whenComplete((socket, failure) -> {
      if (failure != null) {
        attempt.fail(new P2pException(Reason.DIAL_FAILED, "cannot bind a UDP socket", failure));
        return;
      }
      QuicChannel.newBootstrap(socket)
          .attr(DIAL_ATTEMPT, attempt)
          .handler(new ConnectionHandler(null, attempt))
          .streamHandler(inboundStreams)
          .remoteAddress(remote.get())
          .connect()
          .addListener(connected -> {
            if (!connected.isSuccess()) {
              attempt.fail(attempt.failureReason(connected.cause()));
            }
          });
    });
    return attempt.result;
  }

  /**
   * The UDP socket all dials of one address family share, bound on first use. One socket, and so one QUIC client codec,
   * for every outgoing connection: building a codec makes quiche build a TLS context, the largest cost of a dial.
   */
  private CompletableFuture<Channel> dialSocket(boolean ip4) {
    synchronized (dialSockets) {
      return dialSockets.computeIfAbsent(ip4, family -> {
        ChannelHandler codec = configure(new QuicClientCodecBuilder())
            .sslEngineProvider(channel -> {
              // No peer host: the spec forbids SNI for this version of the handshake.
              QuicSslEngine engine = clientTls.newEngine(channel.alloc());
              DialAttempt attempt = channel.attr(DIAL_ATTEMPT).get();
              trust.expect(engine, attempt.expected);
              attempt.engine = engine;
              return engine;
            })
            .build();
        InetSocketAddress local = family ? new InetSocketAddress("0.0.0.0", 0) : new InetSocketAddress("::", 0);
        CompletableFuture<Channel> bound = new CompletableFuture<>();
        udpBootstrap(local, codec).bind(local).addListener(f -> {
          if (f.isSuccess()) {
            Channel socket = ((io.netty.channel.ChannelFuture) f).channel();
            sockets.add(socket);
            socket.closeFuture().addListener(c -> sockets.remove(socket));
            bound.complete(socket);
          } else {
            bound.completeExceptionally(f.cause());
          }
        });
        // A failed bind is not kept: the next dial tries again.
        bound.whenComplete((socket, failure) -> {
          if (failure != null) {
            synchronized (dialSockets) {
              dialSockets.remove(family, bound);
            }
          }
        });
        return bound;
      });
    }
  }

  @Override
  public CompletableFuture<Void> close() {
    closed = true;
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (QuicSession session : sessions) {
      closing.add(session.close());
    }
    for (Channel socket : sockets) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      socket.close().addListener(f -> done.complete(null));
      closing.add(done);
    }
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  private <B extends QuicCodecBuilder<B>> B configure(B builder) {
    // The connection window is all a peer can make this host buffer, so it never exceeds the host-wide limit.
    long maxData = Math.min(config.maxData(), limits.maxBufferedBytesPerConnection());
    long maxStreamData = Math.min(config.maxStreamData(), maxData);
    return builder
        .maxIdleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .initialMaxData(maxData)
        .initialMaxStreamDataBidirectionalLocal(maxStreamData)
        .initialMaxStreamDataBidirectionalRemote(maxStreamData)
        .initialMaxStreamsBidirectional(limits.maxStreamsPerConnection())
        // libp2p uses no unidirectional streams (libp2p QUIC spec).
        .initialMaxStreamsUnidirectional(0)
        .initialMaxStreamDataUnidirectional(0);
  }

  private Bootstrap udpBootstrap(InetSocketAddress family, ChannelHandler codec) {
    SocketProtocolFamily protocolFamily = family.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    return new Bootstrap()
        .group(group)
        .channelFactory(() -> new NioDatagramChannel(protocolFamily))
        .handler(codec);
  }

  private boolean tryAcquireConnection() {
    while (true) {
      int current = connections.get();
      if (current >= limits.maxConnections()) {
        return false;
      }
      if (connections.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** One outgoing connection attempt: what it expects, and how it ended. */
  private final class DialAttempt {
    final PeerId expected;
    final CompletableFuture<MuxedSession> result = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();
    volatile QuicSslEngine engine;
    volatile boolean timedOut;
    private Libp2pTrustManager.Outcome outcome; // Guarded by this.

    DialAttempt(PeerId expected) {
      this.expected = expected;
    }

    void fail(P2pException failure) {
      if (result.completeExceptionally(failure)) {
        release();
      }
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        connections.decrementAndGet();
      }
    }

    /**
     * What the trust manager decided for this dial, taken from it once and kept: the close listener, the connect
     * listener and channelInactive may each ask first.
     */
    synchronized Libp2pTrustManager.Outcome outcome() {
      if (outcome == null && engine != null) {
        outcome = trust.takeOutcome(engine);
      }
      return outcome == null ? new Libp2pTrustManager.Outcome(Optional.empty(), Optional.empty()) : outcome;
    }

    P2pException failureReason(Throwable cause) {
      Optional<TlsHandshakeException> refusal = outcome().refusal();
      if (refusal.isPresent() && refusal.get().reason() == TlsHandshakeException.Reason.PEER_ID_MISMATCH) {
        return new P2pException(Reason.PEER_ID_MISMATCH, "the remote proved another PeerId than dialed", cause);
      }
      if (refusal.isPresent()) {
        return new P2pException(Reason.HANDSHAKE_FAILED, "remote certificate refused: " + refusal.get().reason(),
            cause);
      }
      if (timedOut) {
        return new P2pException(Reason.HANDSHAKE_TIMEOUT,
            "no QUIC handshake within " + limits.handshakeTimeout(), cause);
      }
      return new P2pException(Reason.HANDSHAKE_FAILED, "QUIC handshake failed", cause);
    }
  }

  /**
   * The life of one QUIC connection, inbound ({@code inbound} set) or outbound ({@code attempt} set): the connection
   * limit, the handshake timeout, the PeerId the handshake proved, and the hand-over of the session.
   */
  private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final Consumer<MuxedSession> inbound;
    private final DialAttempt attempt;
    private ScheduledFuture<?> handshakeTimeout;
    private QuicSession session;
    private boolean established;

    ConnectionHandler(Consumer<MuxedSession> inbound, DialAttempt attempt) {
      this.inbound = inbound;
      this.attempt = attempt;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
      QuicChannel channel = (QuicChannel) ctx.channel();
      if (attempt == null) {
        if (closed || !tryAcquireConnection()) {
          ctx.fireChannelRegistered();
          // Once the codec has taken in the first packet, so that quiche can send CONNECTION_CLOSE back.
          ctx.executor().execute(() -> channel.close(false, CONNECTION_REFUSED, Unpooled.EMPTY_BUFFER));
          return;
        }
        channel.closeFuture().addListener(f -> connections.decrementAndGet());
      } else {
        channel.closeFuture().addListener(f -> attempt.release());
      }
      Multiaddr local = QuicAddresses.toMultiaddr((InetSocketAddress) channel.parent().localAddress());
      session = new QuicSession(channel, localPeerId, local, attempt != null);
      channel.attr(SESSION).set(session);
      sessions.add(session);
      channel.closeFuture().addListener(f -> {
        sessions.remove(session);
        // Drop what the trust manager kept for a handshake that never reached channelActive.
        if (attempt != null) {
          attempt.outcome();
        } else {
          trust.takeOutcome(channel.sslEngine());
        }
      });
      handshakeTimeout = ctx.executor().schedule(() -> {
        if (attempt != null) {
          attempt.timedOut = true;
        }
        channel.close();
      }, limits.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
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
      if (attempt == null && session != null && !established) {
        handshakeFailures.increment();
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // The peer broke QUIC or TLS: it loses its own connection and nothing else.
      ctx.close();
    }
  }

  /** Streams the remote opens: each becomes a {@link QuicMuxedStream} of its connection's session. */
  @ChannelHandler.Sharable
  private static final class InboundStreams extends ChannelInitializer<QuicStreamChannel> {
    @Override
    protected void initChannel(QuicStreamChannel channel) {
      QuicMuxedStream stream = new QuicMuxedStream(false);
      channel.pipeline().addLast(stream);
      QuicSession session = channel.parent().attr(SESSION).get();
      if (session == null || channel.type() != QuicStreamType.BIDIRECTIONAL) {
        channel.close();
        return;
      }
      session.onInboundStream(stream);
    }
  }

  private static final class UdpListener implements Listener {
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
      CompletableFuture<Void> done = new CompletableFuture<>();
      socket.close().addListener(f -> done.complete(null));
      return done;
    }
  }
}
