package io.rvnt.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each limit of {@link P2pLimits}, on real TCP connections over loopback. */
class LimitsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SINK = "/rvnt/sink/1.0.0";
  private static EventLoopGroup group;
  private final List<P2pHost> hosts = new ArrayList<>();

  @BeforeAll
  static void start() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeHosts() throws Exception {
    for (P2pHost h : hosts) {
      h.close().get(10, TimeUnit.SECONDS);
    }
  }

  private P2pHost host(P2pLimits limits) {
    return host(limits, null);
  }

  private P2pHost host(P2pLimits limits, List<TcpTransport> transportOut) {
    PrivKey key = Keys.generateEd25519(RANDOM);
    TcpTransport tcp = new TcpTransport(key, limits, group);
    if (transportOut != null) {
      transportOut.add(tcp);
    }
    P2pHost host = new P2pHost(key, limits, List.of(tcp));
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
    host.addProtocol(Echo.PROTOCOL_ID, Echo.responder());
    // A protocol that never reads: what a stalled application looks like.
    host.addProtocol(SINK, stream -> {
      stream.setReadPaused(true);
      stream.setHandler(ByteBuf::release);
      return null;
    });
    hosts.add(host);
    return host;
  }

  private static Multiaddr listen(P2pHost host) throws Exception {
    return host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS)
        .withPeerId(host.peerId().multihash());
  }

  private static P2pException.Reason reasonOf(CompletableFuture<?> future) {
    assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    Throwable cause = future.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    assertThat(cause).isInstanceOf(P2pException.class);
    return ((P2pException) cause).reason();
  }

  /** Opens a stream the test controls completely, and records how it ends. */
  private static final class Held implements ProtocolHandler<Stream>, StreamHandler {
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public Stream onStream(Stream stream) {
      stream.setHandler(this);
      return stream;
    }

    @Override
    public void onData(ByteBuf data) {
      data.release();
    }

    @Override
    public void onClosed(Throwable cause) {
      closed.complete(cause);
    }
  }

  @Test
  void aPeerThatStallsItsHandshakeIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
    List<TcpTransport> transports = new ArrayList<>();
    P2pHost server = host(P2pLimits.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(300)), transports);
    Multiaddr address = listen(server);
    int port = Integer.parseInt(address.valueText(MultiaddrProtocol.TCP).orElseThrow());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(20_000); // a deadline, not a measurement
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[256];
      int n;
      do {
        n = in.read(buf);
      } while (n >= 0);
    }
    assertThat(server.connections()).isEmpty();
  }

  @Test
  void aPeerSendingGarbageLosesItsConnectionAndNothingElse() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS);
    Multiaddr address = listen(server);
    Connection honest = host(P2pLimits.DEFAULTS).dial(address).get(10, TimeUnit.SECONDS);
    int port = Integer.parseInt(address.valueText(MultiaddrProtocol.TCP).orElseThrow());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(20_000); // a deadline, not a measurement
      byte[] garbage = new byte[4096];
      RANDOM.nextBytes(garbage);
      garbage[0] = (byte) 0xff; // a length varint that never ends
      socket.getOutputStream().write(garbage);
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[256];
      int n;
      do {
        n = in.read(buf);
      } while (n >= 0);
    }
    PingController ping = honest.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM)).get(10, TimeUnit.SECONDS);
    assertThat(ping.ping().get(10, TimeUnit.SECONDS)).as("the honest peer is untouched").isPositive();
    assertThat(server.connections()).hasSize(1);
  }

  @Test
  void aStreamThatNeverProposesIsResetAfterTheNegotiationTimeout() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withNegotiationTimeout(Duration.ofMillis(300)));
    P2pHost client = host(P2pLimits.DEFAULTS);
    HostConnection c = (HostConnection) client.dial(listen(server)).get(10, TimeUnit.SECONDS);
    MuxedStream raw = c.session().openStream().get(10, TimeUnit.SECONDS);
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    raw.setHandler(new StreamHandler() {
      @Override
      public void onData(ByteBuf data) {
        data.release();
      }

      @Override
      public void onClosed(Throwable cause) {
        closed.complete(cause);
      }
    });
    assertThat(((P2pException) closed.get(20, TimeUnit.SECONDS)).reason()).isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(c.closeFuture()).as("only the stream is lost").isNotDone();
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheOthersKeepWorking() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxConnections(1));
    Multiaddr address = listen(server);
    Connection first = host(P2pLimits.DEFAULTS).dial(address).get(10, TimeUnit.SECONDS);
    CompletableFuture<Connection> second = host(P2pLimits.DEFAULTS).dial(address);
    assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(server.connections()).hasSize(1);
    PingController ping = first.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM)).get(10, TimeUnit.SECONDS);
    assertThat(ping.ping().get(10, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void streamsBeyondTheLimitAreResetAndTheConnectionStays() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxStreamsPerConnection(2));
    Connection c = host(P2pLimits.DEFAULTS).dial(listen(server)).get(10, TimeUnit.SECONDS);
    c.newStream(List.of(SINK), new Held()).get(10, TimeUnit.SECONDS);
    c.newStream(List.of(SINK), new Held()).get(10, TimeUnit.SECONDS);
    assertThat(reasonOf(c.newStream(List.of(SINK), new Held()))).isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(c.closeFuture()).isNotDone();
  }

  @Test
  void anIdentifyMessageAboveTheMessageLimitIsRefused() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS);
    new Identify(server, server.peerId().publicKey().orElseThrow(), "x".repeat(300), P2pLimits.DEFAULTS).register();
    P2pLimits small = P2pLimits.DEFAULTS.withMaxMessageSize(200);
    P2pHost client = host(small);
    Connection c = client.dial(listen(server)).get(10, TimeUnit.SECONDS);
    CompletableFuture<?> info = new Identify(client, client.peerId().publicKey().orElseThrow(), "y", small).identify(c);
    assertThatThrownBy(() -> info.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TOO_LONG));
  }

  @Test
  void aProtocolIdAboveTheMultistreamLimitIsRefused() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxMultistreamMessage(64));
    Connection c = host(P2pLimits.DEFAULTS).dial(listen(server)).get(10, TimeUnit.SECONDS);
    assertThat(reasonOf(c.newStream(List.of("/" + "x".repeat(100)), new Held())))
        .isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(c.closeFuture()).isNotDone();
  }

  @Test
  void aStreamPushingHeldBytesBeyondTheConnectionLimitIsReset() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxBufferedBytesPerConnection(64 * 1024));
    Connection c = host(P2pLimits.DEFAULTS).dial(listen(server)).get(10, TimeUnit.SECONDS);
    Held held = new Held();
    Stream s = c.newStream(List.of(SINK), held).get(10, TimeUnit.SECONDS);
    s.write(Unpooled.wrappedBuffer(new byte[200 * 1024]));
    assertThat(((P2pException) held.closed.get(20, TimeUnit.SECONDS)).reason())
        .isEqualTo(P2pException.Reason.STREAM_RESET);
    PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM)).get(10, TimeUnit.SECONDS);
    assertThat(ping.ping().get(10, TimeUnit.SECONDS)).as("the connection survives").isPositive();
  }
}
