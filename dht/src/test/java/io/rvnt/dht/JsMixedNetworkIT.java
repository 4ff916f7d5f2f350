package io.rvnt.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mixed network of issue 4: js-libp2p kad-dht 16.4.5 nodes (protocol /rvnt/kad/1.0.0, server mode,
 * passthroughMapper) that only know one Java bootstrap node find each other and Java nodes through it, and values
 * cross between the implementations both ways.
 */
class JsMixedNetworkIT {

  /** How long one step may take: the js peer's deadline, generous for a busy machine; not a duration. */
  private static final long DEADLINE_SECONDS = JsDhtPeer.DEADLINE.toSeconds();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final int JS_NODES = 3;
  /** A request may take this long on a busy machine before the DHT gives up on it. */
  private static final DhtConfig CONFIG = DhtConfig.DEFAULTS.withRequestTimeout(Duration.ofSeconds(30));

  private EventLoopGroup group;
  private ScheduledExecutorService scheduler;
  private TestNode bootstrap;
  private final List<TestNode> javaClients = new ArrayList<>();
  private final List<JsDhtPeer> jsNodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    scheduler = Executors.newScheduledThreadPool(2);
    bootstrap = node();
    for (int i = 0; i < 2; i++) {
      TestNode c = node();
      javaClients.add(c);
      assertThat(c.dht.bootstrap(List.of(bootstrap.address)).get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }
    for (int i = 0; i < JS_NODES; i++) {
      JsDhtPeer js = JsDhtPeer.start();
      jsNodes.add(js);
      assertThat(js.ok("dial", Map.of("addr", bootstrap.address.toString())).get("remotePeer"))
          .as("js dialed the Java bootstrap node").isEqualTo(bootstrap.host.peerId().toBase58());
      // Identify puts the bootstrap node into js's table some time after the dial.
      Await.until(JsDhtPeer.DEADLINE, "the js node's table holds the bootstrap node", () -> js.routingTableSize() >= 1);
    }
    Await.until(JsDhtPeer.DEADLINE, "the bootstrap node's table holds every js node",
        () -> jsNodes.stream().allMatch(js -> bootstrap.dht.routingTable().find(PeerId.parse(js.peerId)).isPresent()));
  }

  @AfterEach
  void stop() throws Exception {
    for (JsDhtPeer js : jsNodes) {
      js.close();
    }
    for (TestNode n : javaClients) {
      n.close();
    }
    if (bootstrap != null) {
      bootstrap.close();
    }
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void jsNodesThatKnowOnlyAJavaBootstrapNodeFindEachOtherAndJavaNodes() throws Exception {
    for (JsDhtPeer a : jsNodes) {
      for (JsDhtPeer b : jsNodes) {
        if (a != b) {
          Map<String, Object> found = a.ok("findPeer", Map.of("peer", b.peerId));
          assertThat(found.get("peer")).as("a js node finds another js node through the Java bootstrap node")
              .isEqualTo(b.peerId);
          assertThat((List<?>) found.get("addrs")).isNotEmpty();
        }
      }
      for (TestNode j : javaClients) {
        Map<String, Object> found = a.ok("findPeer", Map.of("peer", j.host.peerId().toBase58()));
        assertThat(strings(found.get("addrs"))).as("a js node finds a Java node")
            .contains(j.address.withoutPeerId().toString());
      }
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      Map<String, Object> closest = a.ok("getClosestPeers", Map.of("key", HEX.formatHex(key)));
      assertThat(strings(closest.get("peers"))).as("js getClosestPeers converges through the Java node")
          .contains(bootstrap.host.peerId().toBase58());
    }
    for (TestNode j : javaClients) {
      for (JsDhtPeer js : jsNodes) {
        Optional<PeerInfo> found = j.dht.findPeer(PeerId.parse(js.peerId)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(found).as("a Java node finds a js node").isPresent();
        assertThat(found.get().dialAddrs().toString()).contains(js.address);
      }
    }
  }

  @Test
  void aValuePutFromJsIsGotFromJavaAndTheOtherWayRound() throws Exception {
    byte[] jsKey = "/test/from-js".getBytes(StandardCharsets.UTF_8);
    byte[] jsValue = "written by js-libp2p".getBytes(StandardCharsets.UTF_8);
    jsNodes.get(0).ok("put", Map.of("key", HEX.formatHex(jsKey), "value", HEX.formatHex(jsValue)));
    for (TestNode j : javaClients) {
      assertThat(j.dht.getValue(jsKey).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .as("a value put from js is got from Java")
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(jsValue));
    }

    byte[] javaKey = "/test/from-java".getBytes(StandardCharsets.UTF_8);
    byte[] javaValue = "written by RVNT's Java DHT".getBytes(StandardCharsets.UTF_8);
    assertThat(javaClients.get(0).dht.putValue(javaKey, javaValue).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
        .as("js nodes acknowledge a Java PUT_VALUE").isGreaterThanOrEqualTo(JS_NODES);
    for (JsDhtPeer js : jsNodes) {
      assertThat(js.ok("get", Map.of("key", HEX.formatHex(javaKey))).get("value"))
          .as("a value put from Java is got from js").isEqualTo(HEX.formatHex(javaValue));
    }
  }

  private static List<String> strings(Object jsonArray) {
    return ((List<?>) jsonArray).stream().map(String::valueOf).toList();
  }

  private TestNode node() throws Exception {
    return TestNode.start(Keys.generateEd25519(RANDOM), group, scheduler, CONFIG, new InMemoryRecordStore(),
        TestValidator.withPresence(), "/ip4/127.0.0.1/tcp/0");
  }
}
