package io.rvnt.p2p.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.security.noise.ChaChaPoly;
import io.rvnt.p2p.security.noise.NoiseHost;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The TCP transport: {@code /ip4|ip6/.../tcp/...} (and {@code /dns|dns4|dns6/.../tcp/...} when given a resolver
 * executor), upgraded by multistream-select to Noise, then to yamux (inlined
 * in the Noise handshake or by multistream-select). A connection accepted beyond
 * {@link P2pLimits#maxConnections()} (counting handshakes in progress) is closed at once. The event loop group
 * belongs to the caller.
 */
public final class TcpTransport implements Transport {

  // Inbound upgrades that failed or timed out: an aggregate for the node's metrics.
  private final java.util.concurrent.atomic.LongAdder handshakeFailures = new java.util.concurrent.atomic.LongAdder();

  private final PeerId localPeer;
  private final NoiseHost noise;
  private final P2pLimits limits;
  private final EventLoopGroup group;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger open = new AtomicInteger();
  private final Executor resolver;

  /** A transport that dials IP addresses only. */
  public TcpTransport(PrivKey identity, P2pLimits limits, EventLoopGroup group) {
    this(identity, limits, group, null);
  }

  /**
   * @param resolver runs the blocking name lookups of {@code /dns}, {@code /dns4} and {@code /dns6} dials, off the
   *     event loops; null to dial IP addresses only
   */
  public TcpTransport(PrivKey identity, P2pLimits limits, EventLoopGroup group, Executor resolver) {
    this(identity, limits, group, resolver, ChaChaPoly.preferred());
  }

  /**
   * @param resolver as above
   * @param aead the ChaCha20-Poly1305 of Noise on this transport's connections; {@link ChaChaPoly#preferred()} unless
   *     a test or a benchmark compares them
   */
  public TcpTransport(PrivKey identity, P2pLimits limits, EventLoopGroup group, Executor resolver,
      ChaChaPoly aead) {
    this.noise = NoiseHost.create(identity, aead, new SecureRandom(), limits.verifiedNoiseKeys());
    this.localPeer = PeerId.fromPublicKey(identity.publicKey());
    this.limits = limits;
    this.group = group;
    this.resolver = resolver;
  }

  @Override
  public boolean canDial(Multiaddr address) {
    return isIpTcp(address) || resolver != null && isDnsTcp(address);
  }

  @Override
  public boolean canListen(Multiaddr address) {
    return isIpTcp(address);
  }

  private static boolean isIpTcp(Multiaddr address) {
    List<Multiaddr.Component> c = address.withoutPeerId().components();
    return c.size() == 2
        && (c.get(0).protocol() == MultiaddrProtocol.IP4 || c.get(0).protocol() == MultiaddrProtocol.IP6)
        && c.get(1).protocol() == MultiaddrProtocol.TCP;
  }

  private static boolean isDnsTcp(Multiaddr address) {
    List<Multiaddr.Component> c = address.withoutPeerId().components();
    return c.size() == 2
        && (c.get(0).protocol() == MultiaddrProtocol.DNS || c.get(0).protocol() == MultiaddrProtocol.DNS4
            || c.get(0).protocol() == MultiaddrProtocol.DNS6)
        && c.get(1).protocol() == MultiaddrProtocol.TCP;
  }

  @Override
  public CompletableFuture<MuxedSession> dial(Multiaddr address, PeerId expectedPeer) {
    if (resolver != null && isDnsTcp(address)) {
      return CompletableFuture.supplyAsync(() -> resolve(address), resolver)
          .thenCompose(target -> connect(target, expectedPeer));
    }
    try {
      return connect(socketAddress(address), expectedPeer);
    } catch (P2pException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The first address of the name's family (dns4: IPv4, dns6: IPv6, dns: either). Blocks: runs on the resolver. */
  private static InetSocketAddress resolve(Multiaddr address) {
    List<Multiaddr.Component> c = address.withoutPeerId().components();
    MultiaddrProtocol family = c.get(0).protocol();
    String name = c.get(0).valueText();
    int port = Integer.parseInt(c.get(1).valueText());
    try {
      for (InetAddress ip : InetAddress.getAllByName(name)) {
        if (family == MultiaddrProtocol.DNS || (family == MultiaddrProtocol.DNS4) == (ip instanceof Inet4Address)) {
          return new InetSocketAddress(ip, port);
        }
      }
    } catch (UnknownHostException e) {
      throw new P2pException(P2pException.Reason.DIAL_FAILED, "name does not resolve", e);
    }
    throw new P2pException(P2pException.Reason.DIAL_FAILED, "name has no address of the asked family");
  }

  private CompletableFuture<MuxedSession> connect(InetSocketAddress target, PeerId expectedPeer) {
    CompletableFuture<MuxedSession> result = new CompletableFuture<>();
    if (open.get() >= limits.maxConnections()) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Reason.TOO_MANY_CONNECTIONS,
          "at most " + limits.maxConnections() + " connections"));
    }
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.handshakeTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            track(ch);
            TcpUpgrade.install(ch, true, expectedPeer, noise, localPeer, limits,
                result::complete, result::completeExceptionally);
          }
        })
        .connect(target)
        .addListener((ChannelFuture f) -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(new P2pException(P2pException.Reason.DIAL_FAILED, "connect failed",
                f.cause()));
          }
        });
    return result;
  }

  @Override
  public CompletableFuture<Listener> listen(Multiaddr address, Consumer<MuxedSession> inbound) {
    CompletableFuture<Listener> result = new CompletableFuture<>();
    InetSocketAddress local;
    try {
      local = socketAddress(address);
    } catch (P2pException e) {
      return CompletableFuture.failedFuture(e);
    }
    new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (open.get() >= limits.maxConnections()) {
              ch.close();
              return;
            }
            track(ch);
            TcpUpgrade.install(ch, false, null, noise, localPeer, limits,
                inbound, e -> handshakeFailures.increment());
          }
        })
        .bind(local)
        .addListener((ChannelFuture f) -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(new P2pException(P2pException.Reason.DIAL_FAILED, "bind failed",
                f.cause()));
            return;
          }
          Channel server = f.channel();
          channels.add(server);
          Multiaddr bound = TcpUpgrade.multiaddr((InetSocketAddress) server.localAddress());
          result.complete(new Listener() {
            @Override
            public Multiaddr localAddress() {
              return bound;
            }

            @Override
            public CompletableFuture<Void> close() {
              CompletableFuture<Void> closed = new CompletableFuture<>();
              server.close().addListener(x -> closed.complete(null));
              return closed;
            }
          });
        });
    return result;
  }

  private void track(Channel ch) {
    open.incrementAndGet();
    channels.add(ch);
    ch.closeFuture().addListener(f -> open.decrementAndGet());
  }

  @Override
  public long inboundHandshakeFailures() {
    return handshakeFailures.sum();
  }

  /** Open TCP connections, handshakes included. */
  public int openConnections() {
    return open.get();
  }

  @Override
  public CompletableFuture<Void> close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    channels.close().addListener(f -> closed.complete(null));
    return closed;
  }

  private static InetSocketAddress socketAddress(Multiaddr address) {
    if (!isIpTcp(address)) {
      throw new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS, "not an ip4/ip6 tcp address");
    }
    List<Multiaddr.Component> c = address.withoutPeerId().components();
    try {
      InetAddress ip = InetAddress.getByAddress(c.get(0).value());
      return new InetSocketAddress(ip, Integer.parseInt(c.get(1).valueText()));
    } catch (UnknownHostException e) {
      throw new AssertionError("an IP value is 4 or 16 bytes", e);
    }
  }
}
