package io.rvnt.p2p.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicTransportParameters;
import java.net.InetSocketAddress;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.core.Transport.Listener;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.Await;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuicTransportTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /** A free QUIC port on IPv4 loopback. */
  private static final String LOOPBACK = "/ip4/127.0.0.1/udp/0/quic-v1";
  /** An idle timeout well beyond {@link #DEADLINE}, so that no close within it is an idle one. */
  private static final Duration STALL_IDLE_TIMEOUT = DEADLINE.multipliedBy(10);
  /**
   * A handshake timeout long enough for the test to see the stalled connection before it is dropped, even on a busy
   * machine, and short against {@link #DEADLINE}.
   */
  private static final Duration STALL_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
  private static EventLoopGroup group;

  private final List<QuicTransport> transports = new ArrayList<>();

  @BeforeAll
  static void startLoops() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopLoops() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterEach
  void closeTransports() throws Exception {
    for (QuicTransport transport : transports) {
      await(transport.close());
    }
  }

  private record Node(PrivKey key, PeerId peerId, QuicTransport transport) {}

  private Node node(P2pLimits limits, QuicConfig config) {
    PrivKey key = Keys.generateEd25519(RANDOM);
    QuicTransport transport = new QuicTransport(key, limits, config, Clock.systemUTC(), group);
    transports.add(transport);
    return new Node(key, PeerId.fromPublicKey(key.publicKey()), transport);
  }

  private Node node() {
    return node(P2pLimits.DEFAULTS, QuicConfig.DEFAULTS);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Multiaddr listen(Node node, String address, List<MuxedSession> inbound) throws Exception {
    return await(node.transport().listen(Multiaddr.parse(address), inbound::add)).localAddress();
  }

  /** The client's session to the server's listen address on IPv4 loopback. */
  private record Connected(Multiaddr address, MuxedSession dialer) {}

  /** Connects {@code client} to {@code server}, whose side hands the streams the client opens to {@code streams}. */
  private static Connected connect(Node server, Node client, Consumer<MuxedStream> streams) throws Exception {
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = listen(server, LOOPBACK, inbound);
    MuxedSession session = await(client.transport().dial(address, server.peerId()));
    Await.until(DEADLINE, "listener got the connection", () -> inbound.size() == 1);
    inbound.get(0).setInboundStreamHandler(streams);
    return new Connected(address, session);
  }

  @Test
  void bothSidesSeeThePeerIdTheOtherProved() throws Exception {
    Node server = node();
    Node client = node();
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = listen(server, LOOPBACK, inbound);

    MuxedSession session = await(client.transport().dial(address, server.peerId()));

    assertThat(session.remotePeerId()).as("dialer sees the listener's PeerId").isEqualTo(server.peerId());
    assertThat(session.localPeerId()).isEqualTo(client.peerId());
    assertThat(session.isInitiator()).isTrue();
    Await.until(DEADLINE, "listener got the connection", () -> inbound.size() == 1);
    assertThat(inbound.get(0).remotePeerId()).as("listener sees the dialer's PeerId").isEqualTo(client.peerId());
    assertThat(inbound.get(0).isInitiator()).isFalse();
    assertThat(address.toString()).startsWith("/ip4/127.0.0.1/udp/").endsWith("/quic-v1");
  }

  @Test
  void aListenerSpreadOverSeveralSocketsAcceptsEveryDialerAndFreesItsPortWhenClosed() throws Exception {
    Node server = node(P2pLimits.DEFAULTS, QuicConfig.DEFAULTS.withUdpSockets(4));
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Listener listener = await(server.transport().listen(Multiaddr.parse(LOOPBACK), inbound::add));
    List<Node> clients = List.of(node(), node(), node(), node(), node(), node());

    for (Node client : clients) {
      assertThat(await(client.transport().dial(listener.localAddress(), server.peerId())).remotePeerId())
          .as("a dialer reaches the listener whichever of its sockets the kernel picks").isEqualTo(server.peerId());
    }
    Await.until(DEADLINE, "listener got every connection", () -> inbound.size() == clients.size());

    await(listener.close());
    Node again = node(P2pLimits.DEFAULTS, QuicConfig.DEFAULTS.withUdpSockets(1));
    assertThat(await(again.transport().listen(listener.localAddress(), s -> { })).localAddress())
        .as("closing the listener closed all its sockets: the port binds again without SO_REUSEPORT")
        .isEqualTo(listener.localAddress());
  }

  @Test
  void refusesANegativeNumberOfSocketsOrCachedCertificates() {
    assertThatThrownBy(() -> QuicConfig.DEFAULTS.withUdpSockets(-1)).as("udpSockets must not be negative")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuicConfig.DEFAULTS.withVerifiedCertificates(-1))
        .as("verifiedCertificates must not be negative").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void worksOverIp6() throws Exception {
    Node server = node();
    Node client = node();
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = listen(server, "/ip6/::1/udp/0/quic-v1", inbound);

    MuxedSession session = await(client.transport().dial(address, server.peerId()));

    assertThat(session.remotePeerId()).isEqualTo(server.peerId());
    assertThat(address.toString()).startsWith("/ip6/::1/udp/");
  }

  @Test
  void carriesStreamsBothWaysWithHalfClose() throws Exception {
    Node server = node();
    Node client = node();
    MuxedSession session = connect(server, client, QuicTransportTest::echo).dialer();

    MuxedStream stream = await(session.openStream());
    Collector received = new Collector();
    stream.setHandler(received);
    byte[] payload = new byte[3 * 1024 * 1024 + 17];
    RANDOM.nextBytes(payload);
    await(stream.write(Unpooled.wrappedBuffer(payload)));
    await(stream.closeWrite());

    await(received.closed);
    assertThat(received.cause).as("both halves closed cleanly").isNull();
    assertThat(received.remoteClosed).as("FIN reached the reader").isTrue();
    assertThat(firstDifference(received.bytes(), payload)).as("echo returns every byte in order").isEqualTo(-1);
  }

  @Test
  void refusesAListenerThatProvesAnotherPeerIdThanDialed() throws Exception {
    Node server = node();
    Node client = node();
    Node someoneElse = node();
    Multiaddr address = listen(server, LOOPBACK, new CopyOnWriteArrayList<>());

    assertThatThrownBy(() -> await(client.transport().dial(address, someoneElse.peerId())))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).as("dial refused for PeerId mismatch")
                .isEqualTo(P2pException.Reason.PEER_ID_MISMATCH));
    Await.until(DEADLINE, "refused dial freed its connection slot", () -> client.transport().connectionCount() == 0);
  }

  @Test
  void refusesConnectionsBeyondMaxConnections() throws Exception {
    Node server = node(P2pLimits.DEFAULTS.withMaxConnections(1), QuicConfig.DEFAULTS);
    Node first = node();
    Node second = node();
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = listen(server, LOOPBACK, inbound);
    await(first.transport().dial(address, server.peerId()));
    Await.until(DEADLINE, "first connection accepted", () -> inbound.size() == 1);

    // The listener refuses before its handshake flight: the refused engine gets no certificate, so TLS stops at the
    // ClientHello and the dialer never sees a Certificate it could accept. Its dial fails; it never gets a session.
    CompletableFuture<MuxedSession> refused = second.transport().dial(address, server.peerId());
    Await.until(DEADLINE, "the second dial ends", refused::isDone);
    assertThat(refused).as("the dial beyond the listener's limit fails before any handshake completes")
        .isCompletedExceptionally();
    assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).as("a refused handshake, not a timeout")
            .isEqualTo(P2pException.Reason.HANDSHAKE_FAILED));
    assertThat(inbound).as("the listener handed over only the first connection").hasSize(1);
    assertThat(server.transport().connectionCount()).as("the listener holds only the first").isEqualTo(1);
  }

  @Test
  void refusesDialsBeyondMaxConnections() throws Exception {
    Node server = node();
    Node client = node(P2pLimits.DEFAULTS.withMaxConnections(1), QuicConfig.DEFAULTS);
    Multiaddr address = listen(server, LOOPBACK, new CopyOnWriteArrayList<>());
    await(client.transport().dial(address, server.peerId()));

    assertThatThrownBy(() -> await(client.transport().dial(address, server.peerId())))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.TOO_MANY_CONNECTIONS));
  }

  @Test
  void limitsStreamsPerConnectionThroughQuicStreamCredit() throws Exception {
    Node server = node(P2pLimits.DEFAULTS.withMaxStreamsPerConnection(2), QuicConfig.DEFAULTS);
    Node client = node();
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = listen(server, LOOPBACK, inbound);
    MuxedSession session = await(client.transport().dial(address, server.peerId()));

    assertThat(session instanceof QuicSession quic
        ? quic.channel().peerTransportParameters().initialMaxStreamsBidi() : -1)
        .as("listener advertises initial_max_streams_bidi = maxStreamsPerConnection").isEqualTo(2L);
    await(session.openStream()).write(Unpooled.wrappedBuffer(new byte[] {1}));
    await(session.openStream()).write(Unpooled.wrappedBuffer(new byte[] {2}));
    assertThatThrownBy(() -> await(session.openStream()))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).as("third stream refused").isEqualTo(P2pException.Reason.TOO_MANY_STREAMS));
  }

  @Test
  void advertisesTheConfiguredWindowsAndIdleTimeout() throws Exception {
    QuicConfig config = QuicConfig.DEFAULTS.withMaxStreamData(1_000_000).withMaxData(3_000_000)
        .withIdleTimeout(Duration.ofSeconds(7));
    Node server = node(P2pLimits.DEFAULTS, config);
    Node client = node();
    Multiaddr address = listen(server, LOOPBACK, new CopyOnWriteArrayList<>());

    QuicSession session = (QuicSession) await(client.transport().dial(address, server.peerId()));

    QuicTransportParameters advertised = session.channel().peerTransportParameters();
    assertThat(advertised.initialMaxData()).as("initial_max_data = maxData").isEqualTo(3_000_000L);
    assertThat(advertised.initialMaxStreamDataBidiRemote()).as("stream window").isEqualTo(1_000_000L);
    assertThat(advertised.initialMaxStreamDataBidiLocal()).as("stream window").isEqualTo(1_000_000L);
    assertThat(advertised.initialMaxStreamsUni()).as("no unidirectional streams").isZero();
    assertThat(advertised.maxIdleTimeout()).as("max_idle_timeout").isEqualTo(7_000L);
  }

  @Test
  void capsTheConnectionWindowAtTheBufferedBytesLimit() throws Exception {
    Node server = node(P2pLimits.DEFAULTS.withMaxBufferedBytesPerConnection(500_000), QuicConfig.DEFAULTS);
    Node client = node();
    Multiaddr address = listen(server, LOOPBACK, new CopyOnWriteArrayList<>());

    QuicSession session = (QuicSession) await(client.transport().dial(address, server.peerId()));

    QuicTransportParameters advertised = session.channel().peerTransportParameters();
    assertThat(advertised.initialMaxData()).as("initial_max_data = maxBufferedBytesPerConnection")
        .isEqualTo(500_000L);
    assertThat(advertised.initialMaxStreamDataBidiRemote()).as("a stream window never exceeds it")
        .isEqualTo(500_000L);
  }

  @Test
  void closesAConnectionIdleForTheIdleTimeout() throws Exception {
    Node server = node(P2pLimits.DEFAULTS, QuicConfig.DEFAULTS.withIdleTimeout(Duration.ofMillis(300)));
    Node client = node();
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = listen(server, LOOPBACK, inbound);
    MuxedSession session = await(client.transport().dial(address, server.peerId()));

    await(session.closeFuture());
    Await.until(DEADLINE, "listener dropped the idle connection", () -> server.transport().connectionCount() == 0);
  }

  @Test
  void failsADialWhoseHandshakeDoesNotFinishInTime() throws Exception {
    Node client = node(P2pLimits.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(300)), QuicConfig.DEFAULTS);
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/udp/" + silent.getLocalPort() + "/quic-v1");

      assertThatThrownBy(() -> await(client.transport().dial(address, node().peerId())))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(P2pException.class,
              e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.HANDSHAKE_TIMEOUT));
    }
    Await.until(DEADLINE, "timed-out dial freed its slot", () -> client.transport().connectionCount() == 0);
  }

  @Test
  void closesAnInboundConnectionWhoseHandshakeStalls() throws Exception {
    // Idle timeouts beyond the deadline on both sides: within it, only the handshake timeout can close the connection.
    Node server = node(P2pLimits.DEFAULTS.withHandshakeTimeout(STALL_HANDSHAKE_TIMEOUT),
        QuicConfig.DEFAULTS.withIdleTimeout(STALL_IDLE_TIMEOUT));
    Multiaddr address = listen(server, LOOPBACK, new CopyOnWriteArrayList<>());
    // A client whose TLS tasks never run: it never sends its Finished, so the listener's handshake never completes.
    // It checks certificates as strictly as the real dialer would, should it ever get that far.
    QuicSslContext stalling = QuicSslContextBuilder.forClient()
        .trustManager(new io.rvnt.p2p.security.tls.Libp2pTrustManager(
            new io.rvnt.p2p.security.tls.CertificateVerifier(java.time.Clock.systemUTC())))
        .applicationProtocols("libp2p")
        .build();
    io.netty.channel.ChannelHandler codec = new QuicClientCodecBuilder()
        .sslContext(stalling)
        .sslTaskExecutor(task -> { })
        .maxIdleTimeout(STALL_IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .build();
    Channel socket = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    try {
      QuicChannel.newBootstrap(socket)
          .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
          .remoteAddress(QuicAddresses.toSocketAddress(address).orElseThrow())
          .connect();
      Await.until(DEADLINE, "the listener took the stalling handshake in",
          () -> server.transport().connectionCount() == 1);

      Await.until(DEADLINE, "the listener dropped it at the handshake timeout",
          () -> server.transport().connectionCount() == 0);
      assertThat(server.transport().inboundHandshakeFailures())
          .as("a handshake dropped at the timeout counts as one inbound handshake failure")
          .isEqualTo(1);
    } finally {
      socket.close().sync();
    }
  }

  @Test
  void ignoresGarbageDatagramsAndKeepsServingItsConnections() throws Exception {
    Node server = node();
    Node client = node();
    Connected connected = connect(server, client, QuicTransportTest::echo);
    Multiaddr address = connected.address();
    MuxedSession session = connected.dialer();

    try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetSocketAddress target = QuicAddresses.toSocketAddress(address).orElseThrow();
      for (int i = 0; i < 200; i++) {
        byte[] garbage = new byte[1 + RANDOM.nextInt(1400)];
        RANDOM.nextBytes(garbage);
        attacker.send(new java.net.DatagramPacket(garbage, garbage.length, target));
      }
    }

    MuxedStream stream = await(session.openStream());
    Collector received = new Collector();
    stream.setHandler(received);
    await(stream.write(Unpooled.wrappedBuffer("still here".getBytes(StandardCharsets.UTF_8))));
    await(stream.closeWrite());
    await(received.closed);
    assertThat(received.text()).as("the connection still works after garbage").isEqualTo("still here");
    assertThat(server.transport().connectionCount()).as("garbage opened no connection").isEqualTo(1);
  }

  @Test
  void aResetReachesTheOtherSideAsAStreamReset() throws Exception {
    Node server = node();
    Node client = node();
    List<Collector> accepted = new CopyOnWriteArrayList<>();
    MuxedSession session = connect(server, client, s -> {
      Collector collector = new Collector();
      accepted.add(collector);
      s.setHandler(collector);
    }).dialer();

    MuxedStream stream = await(session.openStream());
    Collector local = new Collector();
    stream.setHandler(local);
    await(stream.write(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
    Await.until(DEADLINE, "the remote got the bytes",
        () -> accepted.size() == 1 && accepted.get(0).bytes().length == 3);
    stream.reset();

    await(accepted.get(0).closed);
    assertThat(accepted.get(0).cause).as("the remote sees a reset, not a clean close")
        .isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.STREAM_RESET));
    await(local.closed);
    assertThat(local.cause).as("the resetting side sees its own reset").isInstanceOf(P2pException.class);
    assertThatThrownBy(() -> await(stream.write(Unpooled.wrappedBuffer(new byte[] {4}))))
        .as("no writes after a reset").isInstanceOf(ExecutionException.class);
  }

  @Test
  void holdsDataWhileReadingIsPausedAndDeliversItInOrderOnResume() throws Exception {
    QuicConfig small = QuicConfig.DEFAULTS.withMaxStreamData(64 * 1024).withMaxData(256 * 1024);
    Node server = node(P2pLimits.DEFAULTS, small);
    Node client = node();
    List<MuxedStream> accepted = new CopyOnWriteArrayList<>();
    Collector collector = new Collector();
    MuxedSession session = connect(server, client, s -> {
      s.setReadPaused(true);
      s.setHandler(collector);
      accepted.add(s);
    }).dialer();

    MuxedStream stream = await(session.openStream());
    stream.setHandler(new Collector());
    byte[] payload = new byte[1024 * 1024];
    RANDOM.nextBytes(payload);
    // Eight times the stream window: the writer can only finish once the reader resumes.
    CompletableFuture<Void> written = stream.write(Unpooled.wrappedBuffer(payload))
        .thenCompose(v -> stream.closeWrite());
    Await.until(DEADLINE, "the stream reached the listener", () -> accepted.size() == 1);

    assertThat(collector.bytes()).as("nothing is delivered while reading is paused").isEmpty();
    assertThat(written).as("the writer is held back by the window").isNotDone();
    accepted.get(0).setReadPaused(false);
    await(written);
    Await.until(DEADLINE, "everything arrives after resume", () -> collector.bytes().length == payload.length);
    assertThat(firstDifference(collector.bytes(), payload)).as("in order").isEqualTo(-1);
  }

  @Test
  void refusesAddressesItDoesNotHandle() {
    Node client = node();
    for (String text : List.of("/ip4/127.0.0.1/tcp/4001", "/ip4/127.0.0.1/udp/4001", "/dns4/example.org/udp/1/quic-v1",
        "/ip4/127.0.0.1/udp/1/quic-v1/tcp/2")) {
      Multiaddr address = Multiaddr.parse(text);
      assertThat(client.transport().canDial(address)).as("cannot dial " + text).isFalse();
      assertThatThrownBy(() -> await(client.transport().dial(address, client.peerId())))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(P2pException.class,
              e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.UNSUPPORTED_ADDRESS));
    }
    assertThat(client.transport().canListen(Multiaddr.parse("/ip4/0.0.0.0/udp/0/quic-v1"))).isTrue();
  }

  /** The index of the first byte where the arrays differ (or where one ends), -1 if they are equal. */
  static int firstDifference(byte[] actual, byte[] expected) {
    return java.util.Arrays.mismatch(actual, expected);
  }

  static void echo(MuxedStream stream) {
    stream.setHandler(new StreamHandler() {
      @Override
      public void onData(ByteBuf data) {
        stream.write(data);
      }

      @Override
      public void onRemoteClosed() {
        stream.closeWrite();
      }
    });
  }

  static final class Collector implements StreamHandler {
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    volatile boolean remoteClosed;
    volatile Throwable cause;

    @Override
    public synchronized void onData(ByteBuf data) {
      byte[] chunk = new byte[data.readableBytes()];
      data.readBytes(chunk);
      data.release();
      bytes.writeBytes(chunk);
    }

    @Override
    public void onRemoteClosed() {
      remoteClosed = true;
    }

    @Override
    public void onClosed(Throwable cause) {
      this.cause = cause;
      closed.complete(null);
    }

    synchronized byte[] bytes() {
      return bytes.toByteArray();
    }

    String text() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }
  }
}
