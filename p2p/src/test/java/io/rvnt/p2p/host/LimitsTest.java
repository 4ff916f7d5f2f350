package io.rvnt.p2p.host;

import static io.rvnt.p2p.host.TcpHosts.DEADLINE_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each limit of {@link P2pLimits}, on real TCP connections over loopback. */
class LimitsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SINK = "/rvnt/sink/1.0.0";
  /** A timeout beyond every deadline of this class: no close within a test can come from it. */
  private static final Duration NEVER = Duration.ofSeconds(DEADLINE_SECONDS * 10);

  @RegisterExtension
  static final TcpHosts TCP = new TcpHosts(2);
  private final List<P2pHost> hosts = new ArrayList<>();

  @AfterEach
  void closeHosts() throws Exception {
    for (P2pHost h : hosts) {
      h.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  private P2pHost host(P2pLimits limits) {
    P2pHost host = TCP.host(limits);
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

  private static P2pException.Reason reasonOf(CompletableFuture<?> future) {
    assertThatThrownBy(() -> future.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    Throwable cause = future.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    assertThat(cause).isInstanceOf(P2pException.class);
    return ((P2pException) cause).reason();
  }

  /** Opens a ping stream on {@code connection} and pings once: the round trip. */
  private static Duration pingOver(Connection connection) throws Exception {
    PingController ping = connection.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    return ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** Sends {@code bytes} from a raw TCP socket to {@code address}, then returns once the host closes the socket. */
  private static void sendRawAndAwaitClose(Multiaddr address, byte[] bytes) throws Exception {
    int port = Integer.parseInt(address.valueText(MultiaddrProtocol.TCP).orElseThrow());
    try (Socket socket = new Socket()) {
      int deadline = (int) TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS);
      socket.connect(new InetSocketAddress("127.0.0.1", port), deadline);
      socket.setSoTimeout(deadline); // fails the test, rather than hangs it, when the host keeps the socket open
      socket.getOutputStream().write(bytes);
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[256];
      int n;
      do {
        n = in.read(buf);
      } while (n >= 0);
    }
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
    // The negotiation timeout out of the way: only the handshake timeout can close a silent socket in time.
    P2pHost server = host(P2pLimits.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(300))
        .withNegotiationTimeout(NEVER));
    Multiaddr address = TcpHosts.listen(server);
    sendRawAndAwaitClose(address, new byte[0]);
    assertThat(server.connections()).isEmpty();
  }

  @Test
  void aPeerSendingGarbageLosesItsConnectionAndNothingElse() throws Exception {
    // No timeout can close the garbage's connection in time: only the garbage itself.
    P2pHost server = host(P2pLimits.DEFAULTS.withHandshakeTimeout(NEVER).withNegotiationTimeout(NEVER));
    Multiaddr address = TcpHosts.listen(server);
    Connection honest = host(P2pLimits.DEFAULTS).dial(address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    byte[] garbage = new byte[4096];
    RANDOM.nextBytes(garbage);
    garbage[0] = (byte) 0xff; // a length varint that never ends
    sendRawAndAwaitClose(address, garbage);
    assertThat(pingOver(honest)).as("the honest peer is untouched").isPositive();
    assertThat(server.connections()).hasSize(1);
  }

  @Test
  void aStreamThatNeverProposesIsResetAfterTheNegotiationTimeout() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withNegotiationTimeout(Duration.ofMillis(300)));
    P2pHost client = host(P2pLimits.DEFAULTS);
    HostConnection c = (HostConnection) client.dial(TcpHosts.listen(server)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    MuxedStream raw = c.session().openStream().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    Held held = new Held();
    raw.setHandler(held);
    assertThat(((P2pException) held.closed.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).reason())
        .isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(c.closeFuture()).as("only the stream is lost").isNotDone();
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheOthersKeepWorking() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxConnections(1));
    Multiaddr address = TcpHosts.listen(server);
    Connection first = host(P2pLimits.DEFAULTS).dial(address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    // The second dialer never times out its handshake: its dial fails only because the server closes it.
    CompletableFuture<Connection> second =
        host(P2pLimits.DEFAULTS.withHandshakeTimeout(NEVER).withNegotiationTimeout(NEVER)).dial(address);
    assertThat(reasonOf(second)).as("the server closed the connection beyond its limit at once")
        .isEqualTo(P2pException.Reason.CONNECTION_CLOSED);
    assertThat(server.connections()).hasSize(1);
    assertThat(pingOver(first)).isPositive();
  }

  @Test
  void streamsBeyondTheLimitAreResetAndTheConnectionStays() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxStreamsPerConnection(2));
    Connection c = host(P2pLimits.DEFAULTS).dial(TcpHosts.listen(server)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    c.newStream(List.of(SINK), new Held()).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    c.newStream(List.of(SINK), new Held()).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(reasonOf(c.newStream(List.of(SINK), new Held()))).isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(c.closeFuture()).isNotDone();
  }

  @Test
  void anIdentifyMessageAboveTheMessageLimitIsRefused() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS);
    new Identify(server, server.peerId().publicKey().orElseThrow(), "x".repeat(300), P2pLimits.DEFAULTS).register();
    P2pLimits small = P2pLimits.DEFAULTS.withMaxMessageSize(200);
    P2pHost client = host(small);
    Connection c = client.dial(TcpHosts.listen(server)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    CompletableFuture<?> info = new Identify(client, client.peerId().publicKey().orElseThrow(), "y", small).identify(c);
    assertThatThrownBy(() -> info.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TOO_LONG));
  }

  @Test
  void aProtocolIdAboveTheMultistreamLimitIsRefused() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxMultistreamMessage(64));
    Connection c = host(P2pLimits.DEFAULTS).dial(TcpHosts.listen(server)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(reasonOf(c.newStream(List.of("/" + "x".repeat(100)), new Held())))
        .isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(c.closeFuture()).isNotDone();
  }

  @Test
  void aStreamPushingHeldBytesBeyondTheConnectionLimitIsReset() throws Exception {
    P2pHost server = host(P2pLimits.DEFAULTS.withMaxBufferedBytesPerConnection(64 * 1024));
    Connection c = host(P2pLimits.DEFAULTS).dial(TcpHosts.listen(server)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    Held held = new Held();
    Stream s = c.newStream(List.of(SINK), held).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    s.write(Unpooled.wrappedBuffer(new byte[200 * 1024]));
    assertThat(((P2pException) held.closed.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).reason())
        .isEqualTo(P2pException.Reason.STREAM_RESET);
    assertThat(pingOver(c)).as("the connection survives").isPositive();
  }
}
