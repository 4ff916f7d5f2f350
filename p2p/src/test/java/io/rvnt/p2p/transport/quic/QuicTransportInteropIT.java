package io.rvnt.p2p.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.Await;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The QUIC transport against a real js-libp2p node (@chainsafe/libp2p-quic): TLS, ALPN and PeerIds both ways. */
class QuicTransportInteropIT {

  /** How long one step may take: the js peer's deadline, generous for a busy machine; not a duration. */
  private static final long DEADLINE_SECONDS = JsQuicPeer.DEADLINE.toSeconds();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static EventLoopGroup group;
  private static JsQuicPeer js;

  private PrivKey key;
  private PeerId peerId;
  private QuicTransport transport;

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    js = JsQuicPeer.start("/ip4/127.0.0.1/udp/0/quic-v1");
  }

  @AfterAll
  static void stop() throws Exception {
    js.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @BeforeEach
  void newTransport() {
    key = Keys.generateEd25519(RANDOM);
    peerId = PeerId.fromPublicKey(key.publicKey());
    transport = new QuicTransport(key, P2pLimits.DEFAULTS, QuicConfig.DEFAULTS, Clock.systemUTC(), group);
  }

  @AfterEach
  void closeTransport() throws Exception {
    transport.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void javaDialsJsAndBothSeeTheRightPeerIds() throws Exception {
    MuxedSession session = transport.dial(Multiaddr.parse(js.address()), PeerId.parse(js.peerId()))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);

    assertThat(session.remotePeerId().toBase58()).as("Java sees the js PeerId").isEqualTo(js.peerId());
    // The dialer is done a round trip before the listener: ask js until it has the connection too.
    Await.until(JsQuicPeer.DEADLINE, "js sees the Java PeerId", () -> jsPeers(js).contains(peerId.toBase58()));
  }

  /** The PeerIds of js's open connections. */
  @SuppressWarnings("unchecked")
  static List<Object> jsPeers(JsQuicPeer js) {
    try {
      return (List<Object>) js.request("peers", Map.of()).get("peers");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void jsDialsJavaAndBothSeeTheRightPeerIds() throws Exception {
    List<MuxedSession> inbound = new CopyOnWriteArrayList<>();
    Multiaddr address = transport.listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"), inbound::add)
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS).localAddress();

    Map<String, Object> reply = js.request("dial", Map.of("addr", address + "/p2p/" + peerId.toBase58()));

    assertThat(reply.get("ok")).as("js connected: " + reply).isEqualTo(true);
    assertThat(reply.get("remotePeer")).as("js sees the Java PeerId").isEqualTo(peerId.toBase58());
    Await.until(JsQuicPeer.DEADLINE, "Java accepted the connection", () -> inbound.size() == 1);
    assertThat(inbound.get(0).remotePeerId().toBase58()).as("Java sees the js PeerId").isEqualTo(js.peerId());
  }

  @Test
  void javaRefusesAJsPeerThatProvesAnotherPeerIdThanDialed() throws Exception {
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    Multiaddr address = Multiaddr.parse(js.address()).withoutPeerId();

    assertThatThrownBy(() -> transport.dial(address, someoneElse).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PEER_ID_MISMATCH));
  }

  @Test
  void jsRefusesAJavaPeerThatProvesAnotherPeerIdThanDialed() throws Exception {
    Multiaddr address = transport.listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"), s -> { })
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS).localAddress();
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());

    Map<String, Object> reply = js.request("dial", Map.of("addr", address + "/p2p/" + someoneElse.toBase58()));

    assertThat(reply.get("ok")).as("js refuses the connection: " + reply).isEqualTo(false);
    assertThat(reply.get("error")).as("for the PeerId, not for anything else")
        .isEqualTo(QuicInteropIT.jsRefusal(someoneElse, peerId));
  }
}
