package io.rvnt.relay.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.quic.QuicConfig;
import io.rvnt.p2p.transport.quic.QuicTransport;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.relay.protocol.RelayCodec;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The relay client library's entry point: a libp2p host (its own, with a throwaway identity, or the caller's) that
 * opens {@link RelaySession}s to relays over TCP or QUIC. A relay's address must end in {@code /p2p/PEER_ID}: the
 * PeerId the handshake proves is the one every signature and proof of work covers.
 */
public final class RelayClient implements AutoCloseable {

  private final Host host;
  private final Duration timeout;
  private final EventLoopGroup ownGroup;

  /** Opens sessions on {@code host}, which the caller keeps and closes. */
  public RelayClient(Host host, Duration timeout) {
    this(host, timeout, null);
  }

  private RelayClient(Host host, Duration timeout, EventLoopGroup ownGroup) {
    this.host = host;
    this.timeout = timeout;
    this.ownGroup = ownGroup;
  }

  /** A client with a host of its own: a fresh Ed25519 identity, TCP and QUIC, one event loop. */
  public static RelayClient start(Duration timeout) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    PrivKey key = Keys.generateEd25519(new SecureRandom());
    P2pLimits limits = P2pLimits.DEFAULTS.withHandshakeTimeout(timeout);
    P2pHost host = new P2pHost(key, limits, List.of(
        new TcpTransport(key, limits, group),
        new QuicTransport(key, limits, QuicConfig.DEFAULTS, Clock.systemUTC(), group)));
    return new RelayClient(host, timeout, group);
  }

  /** Dials the relay (or reuses a connection to it) and opens a relay stream. */
  public RelaySession connect(Multiaddr relay) throws IOException {
    PeerId relayId = relay.peerIdMultihash().map(PeerId::fromMultihash)
        .orElseThrow(() -> new IllegalArgumentException("a relay address needs its /p2p/PEER_ID part"));
    try {
      return host.newStream(relay, List.of(RelayCodec.PROTOCOL_ID),
              stream -> new RelaySession(stream, relayId.bytes(), timeout))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("no relay stream within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException("cannot reach the relay: " + (cause.getMessage() != null ? cause.getMessage()
          : cause.getClass().getSimpleName()), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to the relay", e);
    }
  }

  /** Closes the host if the client made it. */
  @Override
  public void close() {
    if (ownGroup != null) {
      try {
        host.close().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Its sockets go with the event loop group below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}
