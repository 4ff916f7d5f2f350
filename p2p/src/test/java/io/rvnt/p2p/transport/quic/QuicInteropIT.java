package io.rvnt.p2p.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.Echo;
import io.rvnt.p2p.host.EchoReports;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
import io.rvnt.testsupport.Await;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java {@link P2pHost} on QUIC and a real js-libp2p node (@chainsafe/libp2p-quic) in both directions: connection
 * with the right PeerIds, identify, ping, a 16 MiB echo and 100 concurrent echo streams (QUIC flow control), and the
 * refusal of a peer that proves another PeerId than dialed.
 */
class QuicInteropIT {

  /** How long one step may take: the js peer's deadline, generous for a busy machine; not a duration. */
  private static final long DEADLINE_SECONDS = JsQuicPeer.DEADLINE.toSeconds();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BIG = 16 << 20;
  private static final int STREAMS = 100;
  private static final int SMALL = 64 * 1024;

  private static EventLoopGroup group;
  private static JsQuicPeer js;
  private static P2pHost host;
  private static PrivKey key;
  private static Multiaddr javaAddress;
  private static Multiaddr jsAddress;

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    key = Keys.generateEd25519(RANDOM);
    P2pLimits limits = P2pLimits.DEFAULTS;
    host = new P2pHost(key, limits,
        List.of(new QuicTransport(key, limits, QuicConfig.DEFAULTS, Clock.systemUTC(), group)));
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
    host.addProtocol(Echo.PROTOCOL_ID, Echo.responder());
    new Identify(host, key.publicKey(), "rvnt-quic-it", P2pLimits.DEFAULTS).register();
    javaAddress = host.listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1")).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    js = JsQuicPeer.start("/ip4/127.0.0.1/udp/0/quic-v1");
    jsAddress = Multiaddr.parse(js.address());
  }

  @AfterAll
  static void stop() throws Exception {
    js.close();
    host.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String javaDialable() {
    return javaAddress.withPeerId(host.peerId().multihash()).toString();
  }

  private static Connection javaToJs() throws Exception {
    return host.dial(jsAddress).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  // Java dials js.

  @Test
  void javaDialsJsAndBothSeeTheRightPeerIds() throws Exception {
    Connection connection = javaToJs();

    assertThat(connection.remotePeerId().toBase58()).as("Java sees the js PeerId").isEqualTo(js.peerId());
    Await.until(JsQuicPeer.DEADLINE, "js sees the Java PeerId",
        () -> QuicTransportInteropIT.jsPeers(js).contains(host.peerId().toBase58()));
  }

  @Test
  void javaIdentifiesJs() throws Exception {
    IdentifyInfo info = new Identify(host, key.publicKey(), "rvnt-quic-it", P2pLimits.DEFAULTS)
        .identify(javaToJs()).get(DEADLINE_SECONDS, TimeUnit.SECONDS);

    assertThat(info.protocols()).as("js protocols seen by Java")
        .contains(Identify.PROTOCOL_ID, Ping.PROTOCOL_ID, Echo.PROTOCOL_ID);
    assertThat(info.listenAddrs()).as("js listen address seen by Java").contains(jsAddress.withoutPeerId());
  }

  @Test
  void javaPingsJs() throws Exception {
    PingController ping = javaToJs().newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);

    Duration rtt = ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(rtt).as("a ping round trip").isPositive();
    assertThat(ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("a second ping on the same stream").isPositive();
  }

  @Test
  void javaEchoes16MibThroughJs() throws Exception {
    byte[] payload = new byte[BIG];
    RANDOM.nextBytes(payload);

    byte[] echoed = javaToJs().newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(payload))
        .thenCompose(f -> f).get(DEADLINE_SECONDS, TimeUnit.SECONDS);

    assertThat(echoed).as("16 MiB come back intact (SHA-256)").isEqualTo(Echo.sha256(payload));
  }

  @Test
  void javaEchoesOnAHundredConcurrentStreamsThroughJs() throws Exception {
    Connection connection = javaToJs();
    List<byte[]> payloads = new ArrayList<>();
    List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      byte[] payload = new byte[SMALL];
      RANDOM.nextBytes(payload);
      payloads.add(payload);
      echoes.add(connection.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(payload)).thenCompose(f -> f));
    }

    for (int i = 0; i < STREAMS; i++) {
      assertThat(echoes.get(i).get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("stream " + i + " echoes its own payload")
          .isEqualTo(Echo.sha256(payloads.get(i)));
    }
  }

  @Test
  void javaRefusesAJsPeerThatProvesAnotherPeerIdThanDialed() throws Exception {
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    Multiaddr wrong = jsAddress.withPeerId(someoneElse.multihash());

    assertThatThrownBy(() -> host.dial(wrong).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).as("refused for PeerId mismatch")
                .isEqualTo(P2pException.Reason.PEER_ID_MISMATCH));
    assertThat(host.connections()).as("no connection to the impostor")
        .noneMatch(c -> c.remotePeerId().equals(someoneElse));
  }

  // js dials Java.

  @Test
  void jsRefusesAJavaHostThatProvesAnotherPeerIdThanDialed() throws Exception {
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());

    Map<String, Object> reply = js.request("dial", Map.of("addr",
        javaAddress.withPeerId(someoneElse.multihash()).toString()));

    assertThat(reply.get("ok")).as("js refuses: " + reply).isEqualTo(false);
    assertThat(reply.get("error")).as("for the PeerId, not for anything else")
        .isEqualTo(jsRefusal(someoneElse, host.peerId()));
  }

  @Test
  void jsDialsJavaAndBothSeeTheRightPeerIds() throws Exception {
    Map<String, Object> dialed = reply(js.request("dial", Map.of("addr", javaDialable())));

    assertThat(dialed.get("remotePeer")).as("js sees the Java PeerId").isEqualTo(host.peerId().toBase58());
    Await.until(JsQuicPeer.DEADLINE, "Java sees the js PeerId", () -> host.connections().stream()
        .anyMatch(c -> c.remotePeerId().toBase58().equals(js.peerId())));
  }

  @Test
  void jsIdentifiesJava() throws Exception {
    Map<String, Object> identified = reply(js.request("identify", Map.of("addr", javaDialable())));

    assertThat(identified.get("peer")).isEqualTo(host.peerId().toBase58());
    assertThat(strings(identified.get("protocols"))).as("Java protocols seen by js")
        .contains(Identify.PROTOCOL_ID, Ping.PROTOCOL_ID, Echo.PROTOCOL_ID);
    assertThat(strings(identified.get("listenAddrs"))).as("Java listen address seen by js")
        .contains(javaAddress.toString());
  }

  @Test
  void jsPingsJava() throws Exception {
    Map<String, Object> pinged = reply(js.request("ping", Map.of("addr", javaDialable())));

    assertThat((String) pinged.get("sent")).as("js sent a 32-byte ping payload (hex)").hasSize(2 * Ping.SIZE);
    assertThat(pinged.get("received")).as("the Java responder echoed js's ping payload exactly")
        .isEqualTo(pinged.get("sent"));
  }

  @Test
  void jsEchoes16MibThroughJava() throws Exception {
    Map<String, Object> echoed = reply(js.request("echo", Map.of("addr", javaDialable(), "size", BIG, "streams", 1)));

    EchoReports.assertEveryStreamEchoed(echoed.get("streams"), BIG, 1);
  }

  @Test
  void jsEchoesOnAHundredConcurrentStreamsThroughJava() throws Exception {
    Map<String, Object> echoed =
        reply(js.request("echo", Map.of("addr", javaDialable(), "size", SMALL, "streams", STREAMS)));

    EchoReports.assertEveryStreamEchoed(echoed.get("streams"), SMALL, STREAMS);
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  private static Map<String, Object> reply(Map<String, Object> reply) {
    assertThat(reply.get("ok")).as("js command succeeded: " + reply).isEqualTo(true);
    return reply;
  }

  /** How js-libp2p's QUIC transport refuses a peer that proves another PeerId than dialed: both PeerIds. */
  static String jsRefusal(PeerId dialed, PeerId proved) {
    return "Error: Dialed peer " + dialed.toBase58() + " but connected to " + proved.toBase58();
  }
}
