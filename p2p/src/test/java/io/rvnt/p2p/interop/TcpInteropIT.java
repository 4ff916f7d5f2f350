package io.rvnt.p2p.interop;

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
import io.rvnt.p2p.crypto.PubKey;
import io.rvnt.p2p.host.Echo;
import io.rvnt.p2p.host.EchoReports;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.testsupport.Await;
import java.security.SecureRandom;
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
 * A Java host and a real js-libp2p node over TCP + Noise + yamux, both directions. The js node reports what it saw
 * (PeerIds, identify results, the bytes of pings and echoes); the assertions are here.
 */
class TcpInteropIT {

  /** How long one step may take: the js peer's deadline, generous for a busy machine; not a duration. */
  private static final long DEADLINE_SECONDS = JsPeer.DEADLINE.toSeconds();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIB = 1 << 20;

  private static EventLoopGroup group;
  private static JsPeer js;
  /** Dials js. */
  private static P2pHost dialer;
  private static Identify dialerIdentify;
  /** Is dialed by js. */
  private static P2pHost listener;
  private static Multiaddr listenerAddress;
  private static final CompletableFuture<Connection> jsConnectedToListener = new CompletableFuture<>();
  private static final CompletableFuture<IdentifyInfo> pushFromJs = new CompletableFuture<>();

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    js = JsPeer.start();
    dialer = host();
    dialerIdentify = identify(dialer);
    listener = host();
    Identify listenerIdentify = identify(listener);
    listenerIdentify.onPush((c, info) -> {
      if (info.protocols().contains("/rvnt/js-pushed/1.0.0")) {
        pushFromJs.complete(info);
      }
    });
    listener.addConnectionListener(c -> {
      if (c.remotePeerId().equals(js.peerId)) {
        jsConnectedToListener.complete(c);
      }
    });
    listenerAddress = listener.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS).withPeerId(listener.peerId().multihash());
  }

  @AfterAll
  static void stop() throws Exception {
    if (js != null) {
      js.close();
    }
    for (P2pHost h : new P2pHost[] {dialer, listener}) {
      if (h != null) {
        h.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      }
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static P2pHost host() {
    PrivKey key = Keys.generateEd25519(RANDOM);
    P2pHost host = new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS, group)));
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
    host.addProtocol(Echo.PROTOCOL_ID, Echo.responder());
    return host;
  }

  private static Identify identify(P2pHost host) {
    Identify identify = new Identify(host, keyOf(host), "rvnt-interop", P2pLimits.DEFAULTS);
    identify.register();
    return identify;
  }

  private static PubKey keyOf(P2pHost host) {
    return host.peerId().publicKey().orElseThrow();
  }

  private static Connection javaToJs() throws Exception {
    return dialer.dial(js.address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static Connection jsToJava() throws Exception {
    Map<String, Object> answer = js.call("dial", Map.of("addr", listenerAddress.toString()));
    assertThat(answer.get("remotePeer")).as("js sees the Java listener's PeerId").isEqualTo(
        listener.peerId().toBase58());
    return jsConnectedToListener.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void javaDialsJsAndBothSeeTheRightPeerIds() throws Exception {
    Connection c = javaToJs();
    assertThat(c.remotePeerId()).as("Java sees the js PeerId it dialed").isEqualTo(js.peerId);
    // The dialer is done before the listener: ask js until it lists the connection too.
    Await.until(JsPeer.DEADLINE, "js sees the dialer's PeerId",
        () -> jsPeers().contains(dialer.peerId().toBase58()));
  }

  @Test
  void jsDialsJavaAndBothSeeTheRightPeerIds() throws Exception {
    Connection c = jsToJava();
    assertThat(c.remotePeerId()).as("Java sees the js PeerId on the inbound connection").isEqualTo(js.peerId);
    assertThat(c.isInitiator()).isFalse();
  }

  @Test
  void javaIdentifiesJsAndJsIdentifiesJava() throws Exception {
    Connection c = javaToJs();
    IdentifyInfo info = dialerIdentify.identify(c).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(info.protocols()).as("js's protocols")
        .contains(Ping.PROTOCOL_ID, Identify.PROTOCOL_ID, Echo.PROTOCOL_ID);
    assertThat(info.listenAddrs()).as("js's listen address").contains(js.address.withoutPeerId());

    jsToJava();
    Map<String, Object> jsView = js.call("identify", Map.of("peer", listener.peerId().toBase58()));
    assertThat(strings(jsView.get("protocols"))).as("Java's protocols, seen by js")
        .contains(Ping.PROTOCOL_ID, Identify.PROTOCOL_ID, Echo.PROTOCOL_ID, Identify.PUSH_PROTOCOL_ID);
    assertThat(strings(jsView.get("listenAddrs"))).as("Java's listen address, seen by js")
        .contains(listenerAddress.withoutPeerId().toString());
    assertThat(jsView.get("agentVersion")).isEqualTo("rvnt-interop");
  }

  @Test
  void identifyPushReachesJsAndJsPushReachesJava() throws Exception {
    Connection c = jsToJava();
    listener.addProtocol("/rvnt/java-pushed/1.0.0", Echo.responder());
    new Identify(listener, keyOf(listener), "rvnt-interop", P2pLimits.DEFAULTS).push(c)
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    Map<String, Object> pushed =
        js.call("identify", Map.of("peer", listener.peerId().toBase58(), "protocol", "/rvnt/java-pushed/1.0.0"));
    assertThat(strings(pushed.get("protocols"))).as("Java pushed its new protocol to js")
        .contains("/rvnt/java-pushed/1.0.0");

    js.call("handle", Map.of("protocol", "/rvnt/js-pushed/1.0.0"));
    assertThat(pushFromJs.get(DEADLINE_SECONDS, TimeUnit.SECONDS).protocols()).as("js pushed its new protocol")
        .contains("/rvnt/js-pushed/1.0.0");
  }

  @Test
  void pingRoundTripsBothWays() throws Exception {
    PingController ping = javaToJs().newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      assertThat(ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isPositive();
    }
    jsToJava();
    Map<String, Object> pinged = js.call("ping", Map.of("addr", listenerAddress.toString()));
    assertThat((String) pinged.get("sent")).as("js sent a 32-byte ping payload (hex)").hasSize(2 * Ping.SIZE);
    assertThat(pinged.get("received")).as("the Java responder echoed js's ping payload exactly")
        .isEqualTo(pinged.get("sent"));
  }

  @Test
  void echoesSixteenMebibytesFromJavaToJs() throws Exception {
    byte[] payload = new byte[16 * MIB];
    RANDOM.nextBytes(payload);
    byte[] digest = javaToJs().newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(payload))
        .thenCompose(f -> f).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(digest).as("16 MiB came back intact").isEqualTo(Echo.sha256(payload));
  }

  @Test
  void echoesSixteenMebibytesFromJsToJava() throws Exception {
    jsToJava();
    Map<String, Object> echoed =
        js.call("echo", Map.of("addr", listenerAddress.toString(), "size", 16 * MIB, "streams", 1));
    EchoReports.assertEveryStreamEchoed(echoed.get("streams"), 16 * MIB, 1);
  }

  @Test
  void hundredConcurrentStreamsFromJavaToJs() throws Exception {
    Connection c = javaToJs();
    byte[] payload = new byte[64 * 1024];
    RANDOM.nextBytes(payload);
    List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      echoes.add(c.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(payload)).thenCompose(f -> f));
    }
    for (CompletableFuture<byte[]> e : echoes) {
      assertThat(e.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(Echo.sha256(payload));
    }
  }

  @Test
  void hundredConcurrentStreamsFromJsToJava() throws Exception {
    jsToJava();
    Map<String, Object> echoed =
        js.call("echo", Map.of("addr", listenerAddress.toString(), "size", 64 * 1024, "streams", 100));
    EchoReports.assertEveryStreamEchoed(echoed.get("streams"), 64 * 1024, 100);
  }

  @Test
  void refusesAJsPeerPresentingAnotherPeerIdThanDialed() throws Exception {
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    P2pHost fresh = host();
    try {
      assertThatThrownBy(() -> fresh.dial(js.address.withPeerId(someoneElse.multihash()))
              .get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(P2pException.class,
              e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PEER_ID_MISMATCH));
      assertThat(fresh.connections()).as("no connection is kept").isEmpty();
    } finally {
      fresh.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void jsRefusesAJavaHostPresentingAnotherPeerIdThanDialed() throws Exception {
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    Map<String, Object> answer = js.tryCall("dial",
        Map.of("addr", listenerAddress.withPeerId(someoneElse.multihash()).toString()));
    assertThat(answer.get("ok")).as("js refuses the wrong PeerId too").isEqualTo(Boolean.FALSE);
    // js's Noise names both keys: the one it was shown and the one it dialed.
    assertThat(answer.get("error")).as("for the PeerId, not for anything else")
        .isEqualTo("EncryptionFailedError: Payload identity key " + listener.peerId().toBase58()
            + " does not match expected remote identity key " + someoneElse.toBase58());
  }

  private static List<String> jsPeers() {
    try {
      return strings(js.call("peers", Map.of()).get("peers"));
    } catch (Exception e) {
      throw new AssertionError("js could not list its peers", e);
    }
  }

  private static List<String> strings(Object jsonArray) {
    return ((List<?>) jsonArray).stream().map(String::valueOf).toList();
  }
}
