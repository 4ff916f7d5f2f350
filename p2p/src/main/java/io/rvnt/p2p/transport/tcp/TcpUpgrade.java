package io.rvnt.p2p.transport.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.multistream.MultistreamHandler;
import io.rvnt.p2p.multistream.Negotiator;
import io.rvnt.p2p.mux.yamux.YamuxSession;
import io.rvnt.p2p.security.noise.NoiseHandshakeHandler;
import io.rvnt.p2p.security.noise.NoiseSecured;
import io.rvnt.p2p.security.noise.NoiseHost;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The upgrade of one TCP connection (libp2p connections spec): multistream-select {@code /noise}, the Noise XX
 * handshake, then {@code /yamux/1.0.0} (from the handshake's extensions, or by multistream-select), all within
 * {@link P2pLimits#handshakeTimeout()}. Failures close the connection; nothing about the peer is logged.
 */
final class TcpUpgrade {

  static final String NOISE = "/noise";

  private final SocketChannel channel;
  private final boolean initiator;
  private final PeerId localPeer;
  private final P2pLimits limits;
  private final Consumer<MuxedSession> onReady;
  private final Consumer<Throwable> onFailure;
  private final ScheduledFuture<?> timeout;
  private boolean finished;

  private TcpUpgrade(SocketChannel channel, boolean initiator, PeerId localPeer, P2pLimits limits,
      Consumer<MuxedSession> onReady, Consumer<Throwable> onFailure) {
    this.channel = channel;
    this.initiator = initiator;
    this.localPeer = localPeer;
    this.limits = limits;
    this.onReady = onReady;
    this.onFailure = onFailure;
    this.timeout = channel.eventLoop().schedule(
        () -> fail(new P2pException(P2pException.Reason.HANDSHAKE_TIMEOUT, "connection upgrade took too long")),
        limits.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    channel.closeFuture().addListener(f -> {
      if (!finished) {
        fail(new P2pException(P2pException.Reason.CONNECTION_CLOSED, "closed during the upgrade"));
      }
    });
  }

  static void install(SocketChannel ch, boolean initiator, PeerId expectedPeer, NoiseHost noise, PeerId localPeer,
      P2pLimits limits, Consumer<MuxedSession> onReady, Consumer<Throwable> onFailure) {
    TcpUpgrade upgrade = new TcpUpgrade(ch, initiator, localPeer, limits, onReady, onFailure);
    Negotiator security = initiator
        ? Negotiator.initiator(List.of(NOISE), limits.maxMultistreamMessage(), ch.alloc())
        : Negotiator.responder(NOISE::equals, List.of(NOISE), limits.maxMultistreamMessage(), ch.alloc());
    ch.pipeline().addLast("upgrade-errors", new ChannelInboundHandlerAdapter() {
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors and decoder failures before the session exists: the upgrade fails, quietly (no peer data).
        if (upgrade.finished) {
          ctx.fireExceptionCaught(cause);
        } else {
          upgrade.fail(new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "connection upgrade failed", cause));
        }
      }
    });
    ch.pipeline().addBefore("upgrade-errors", "ms-security", new MultistreamHandler(security,
        new MultistreamHandler.Outcome() {
      @Override
      public void agreed(ChannelHandlerContext ctx, String protocol) {
        if (!initiator) {
          ctx.pipeline().addAfter(ctx.name(), "noise-handshake", upgrade.noise(noise, expectedPeer));
        }
      }

      @Override
      public void failed(ChannelHandlerContext ctx, P2pException cause) {
        upgrade.fail(cause);
      }
    }));
    if (initiator) {
      // Lazy select, as rust-libp2p's dialer does: with /noise the only proposal, the first Noise message follows
      // the proposal without waiting for the answer, which saves a round trip. The multistream handler sits in
      // front and consumes the answer before the handshake sees a byte; an "na" ends the connection either way.
      ch.pipeline().addAfter("ms-security", "noise-handshake", upgrade.noise(noise, expectedPeer));
    }
  }

  private NoiseHandshakeHandler noise(NoiseHost noise, PeerId expectedPeer) {
    return new NoiseHandshakeHandler(noise, initiator, expectedPeer, List.of(YamuxSession.PROTOCOL_ID),
        noiseOutcome());
  }

  private NoiseHandshakeHandler.Outcome noiseOutcome() {
    return new NoiseHandshakeHandler.Outcome() {
      @Override
      public void secured(ChannelHandlerContext ctx, NoiseSecured secured) {
        if (secured.earlyMuxer().isPresent()) {
          ready(ctx.pipeline(), secured.remotePeerId());
          return;
        }
        Negotiator muxer = initiator
            ? Negotiator.initiator(List.of(YamuxSession.PROTOCOL_ID), limits.maxMultistreamMessage(), ctx.alloc())
            : Negotiator.responder(YamuxSession.PROTOCOL_ID::equals, List.of(YamuxSession.PROTOCOL_ID),
                limits.maxMultistreamMessage(), ctx.alloc());
        ctx.pipeline().addBefore("upgrade-errors", "ms-muxer", new MultistreamHandler(muxer, new MultistreamHandler.Outcome() {
          @Override
          public void agreed(ChannelHandlerContext c, String protocol) {
            ready(c.pipeline(), secured.remotePeerId());
          }

          @Override
          public void failed(ChannelHandlerContext c, P2pException cause) {
            fail(cause);
          }
        }));
      }

      @Override
      public void failed(ChannelHandlerContext ctx, P2pException cause) {
        fail(cause);
      }
    };
  }

  private void ready(ChannelPipeline pipeline, PeerId remotePeer) {
    if (finished) {
      return;
    }
    finished = true;
    timeout.cancel(false);
    pipeline.remove("upgrade-errors"); // from here on the session handles errors
    YamuxSession session = YamuxSession.install(pipeline, initiator, limits, localPeer, remotePeer,
        multiaddr((InetSocketAddress) channel.localAddress()), multiaddr((InetSocketAddress) channel.remoteAddress()));
    onReady.accept(session);
  }

  private void fail(P2pException cause) {
    if (finished) {
      return;
    }
    finished = true;
    timeout.cancel(false);
    channel.close();
    onFailure.accept(cause);
  }

  static Multiaddr multiaddr(InetSocketAddress address) {
    String ip = address.getAddress() instanceof Inet4Address ? "ip4" : "ip6";
    String text = NetUtil.toAddressString(address.getAddress());
    return Multiaddr.parse("/" + ip + "/" + text + "/" + MultiaddrProtocol.TCP.protocolName() + "/"
        + address.getPort());
  }
}
