package io.rvnt.p2p.host;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.security.noise.ChaChaPoly;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hosts on TCP over loopback for the tests of one class, on one event loop group that lives as long as the class:
 * {@code @RegisterExtension static final TcpHosts hosts = new TcpHosts(threads);}. The hosts it makes carry no
 * protocol; each test registers what it needs, and closes them.
 */
public final class TcpHosts implements BeforeAllCallback, AfterAllCallback {

  /** How long one step (a dial, a stream, a ping) may take on a busy machine: a deadline, not a duration. */
  public static final long DEADLINE_SECONDS = 60;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int threads;
  private EventLoopGroup group;

  public TcpHosts(int threads) {
    this.threads = threads;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  public EventLoopGroup group() {
    return group;
  }

  /** A host with a fresh Ed25519 identity and {@code limits} on TCP. */
  public P2pHost host(P2pLimits limits) {
    return host(limits, ChaChaPoly.preferred());
  }

  /** A host with a fresh Ed25519 identity and {@code limits} on TCP, its Noise on {@code aead}. */
  public P2pHost host(P2pLimits limits, ChaChaPoly aead) {
    PrivKey key = Keys.generateEd25519(RANDOM);
    return new P2pHost(key, limits, List.of(new TcpTransport(key, limits, group, null, aead)));
  }

  /** Listens on a free loopback port; the address carries the host's /p2p part, ready to dial. */
  public static Multiaddr listen(P2pHost host) throws Exception {
    return host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .withPeerId(host.peerId().multihash());
  }
}
