package io.rvnt.p2p.transport.quic;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
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
import io.rvnt.p2p.security.tls.TlsIdentity;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * libp2p over QUIC v1 ({@code /ip4|ip6/.../udp/N/quic-v1}, libp2p QUIC spec) on Netty's QUIC codec: TLS 1.3 with the
 * libp2p certificate authenticates both sides, and every bidirectional QUIC stream is a libp2p stream. Limits: the
 * handshake timeout, connection count and streams per connection of {@link P2pLimits} (streams as QUIC
 * initial_max_streams_bidi, so the peer cannot even open more), the buffered bytes per connection (as the connection
 * window, at most {@link QuicConfig#maxData()}), and the stream window and idle timeout of {@link QuicConfig}. Nothing here blocks an event loop; dials take IP addresses only.
 */
public final class QuicTransport implements Transport {

  private final PeerId localPeerId;
  private final P2pLimits limits;
  private final QuicConfig config;
  private final Libp2pTrustManager trust;
  private final QuicSslContext serverTls;
  private final QuicConnections connections;
  private final UdpSockets sockets;
  private final DialSockets dialSockets;
  private final ChannelHandler inboundStreams = new InboundStreamInitializer();

  /**
   * @param hostKey the host's identity key, which signs this transport's TLS certificate
   * @param group the event loops of the UDP sockets and their connections, owned by the caller
   */
  public QuicTransport(PrivKey hostKey, P2pLimits limits, QuicConfig config, Clock clock, EventLoopGroup group) {
    this.localPeerId = PeerId.fromPublicKey(hostKey.publicKey());
    this.limits = limits;
    this.config = config;
    TlsIdentity identity = TlsIdentity.create(hostKey, clock, config.certificateValidity());
    this.trust = new Libp2pTrustManager(new CertificateVerifier(clock, config.verifiedCertificates()));
    this.connections = new QuicConnections(limits.maxConnections());
    LocalCertificate certificate = new LocalCertificate(identity, connections::isRefused);
    this.serverTls = QuicTls.server(certificate, trust);
    QuicSslContext clientTls = QuicTls.client(certificate, trust);
    this.sockets = new UdpSockets(group);
    this.dialSockets = new DialSockets(sockets, () -> configure(new QuicClientCodecBuilder())
        // No peer host: the spec forbids SNI for this version of the handshake.
        .sslEngineProvider(channel -> channel.attr(DialAttempt.KEY).get().secure(clientTls.newEngine(channel.alloc())))
        .build(), socketCount());
  }

  @Override
  public long inboundHandshakeFailures() {
    return connections.inboundHandshakeFailures();
  }

  /** Connections of this transport that are open or handshaking, inbound and outbound. */
  public int connectionCount() {
    return connections.count();
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
    if (connections.closed()) {
      return CompletableFuture.failedFuture(new P2pException(Reason.HOST_CLOSED, "transport is closed"));
    }
    // A codec per socket: a codec belongs to its socket's channel.
    Supplier<ChannelHandler> codec = () -> configure(new QuicServerCodecBuilder())
        .sslContext(serverTls)
        .tokenHandler(NoRetryTokenHandler.INSTANCE)
        .handler(new ChannelInitializer<QuicChannel>() {
          @Override
          protected void initChannel(QuicChannel channel) {
            channel.pipeline().addLast(ConnectionHandler.inbound(inbound, connections, trust, localPeerId,
                limits.handshakeTimeout()));
          }
        })
        .streamHandler(inboundStreams)
        .build();
    CompletableFuture<Listener> result = new CompletableFuture<>();
    sockets.bindSpread(socketAddress.get(), codec, socketCount()).whenComplete((bound, failure) -> {
      if (failure != null) {
        result.completeExceptionally(new P2pException(Reason.DIAL_FAILED, "cannot bind the UDP socket", failure));
        return;
      }
      Multiaddr listening = QuicAddresses.toMultiaddr((InetSocketAddress) bound.get(0).localAddress());
      result.complete(new UdpListener(bound, listening));
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
    if (connections.closed()) {
      return CompletableFuture.failedFuture(new P2pException(Reason.HOST_CLOSED, "transport is closed"));
    }
    if (!connections.tryAcquire()) {
      return CompletableFuture.failedFuture(
          new P2pException(Reason.TOO_MANY_CONNECTIONS, "connection limit " + limits.maxConnections() + " reached"));
    }
    DialAttempt attempt = new DialAttempt(expectedPeer, connections, trust, limits.handshakeTimeout());
    dialSockets.connect(remote.get(), attempt,
        ConnectionHandler.outbound(attempt, connections, trust, localPeerId, limits.handshakeTimeout()),
        inboundStreams);
    return attempt.result;
  }

  @Override
  public CompletableFuture<Void> close() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (QuicSession session : connections.close()) {
      closing.add(session.close());
    }
    closing.addAll(sockets.closeAll());
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  /** UDP sockets per listen address and per address family of dials: the configured number or one per event loop. */
  private int socketCount() {
    return config.udpSockets() > 0 ? config.udpSockets() : sockets.loopCount();
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
}
