package io.rvnt.dht.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.TestNode;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.discovery.mdns.LanPeer;
import io.rvnt.testsupport.Await;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What LAN discovery does with a heard peer, on loopback (no multicast: the nodes listen on 127.0.0.1, so no LAN
 * interface qualifies and the heard peers are handed in directly): a claim only enters the routing table once the
 * dial proves the PeerId and identify lists the DHT protocol.
 */
class LanDiscoveryTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private EventLoopGroup group;
  private ScheduledExecutorService scheduler;
  private TestNode node;
  private TestNode neighbour;
  private LanDiscovery discovery;

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    scheduler = Executors.newScheduledThreadPool(2);
    DhtConfig config = DhtConfig.DEFAULTS.withRequestTimeout(Duration.ofSeconds(5));
    node = TestNode.start(Keys.generateEd25519(RANDOM), group, scheduler, config, new InMemoryRecordStore(),
        Validators.rvntDefault(), "/ip4/127.0.0.1/tcp/0");
    neighbour = TestNode.start(Keys.generateEd25519(RANDOM), group, scheduler, config, new InMemoryRecordStore(),
        Validators.rvntDefault(), "/ip4/127.0.0.1/tcp/0");
    discovery = LanDiscovery.start(LanDiscoveryConfig.defaults(true, false, List.of()), "test", node.host,
        node.dht, group, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    discovery.close();
    node.close();
    neighbour.close();
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
  }

  @Test
  void onLoopbackNoInterfaceQualifiesAndTheNodeSaysSo() {
    assertThat(discovery.interfaces()).isEmpty();
    assertThat(discovery.status()).isEqualTo("mdns: no LAN interface among the listen addresses; not announcing");
  }

  @Test
  void anAnswerClaimingAForeignPeerIdNeverEntersTheRoutingTable() throws Exception {
    PeerId claimed = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    discovery.heard(new LanPeer(claimed, List.of(neighbour.address.withPeerId(claimed.multihash()))));
    await("the dial fails: the handshake proves another PeerId",
        () -> discovery.counters().get("lan_peer_dials_failed") == 1);
    assertThat(node.dht.routingTable().size()).isZero();
    assertThat(discovery.counters().get("lan_peers_joined")).isZero();
  }

  @Test
  void aProvenPeerJoinsTheRoutingTableOnceAndIsNotRedialedAtEachAnswer() throws Exception {
    LanPeer peer = new LanPeer(neighbour.host.peerId(), List.of(neighbour.address));
    discovery.heard(peer);
    await("dial, identify, DHT", () -> discovery.counters().get("lan_peers_joined") == 1
        && node.dht.routingTable().size() == 1);
    for (int i = 0; i < 10; i++) {
      discovery.heard(peer);
    }
    assertThat(discovery.counters().get("lan_peers_heard")).as("a connected peer is not tried again").isEqualTo(1);
  }

  @Test
  void anAnnounceOnlyNodeCountsOnlyTheMdnsFamiliesAndCannotRunQuiet() throws Exception {
    try (LanDiscovery relay = LanDiscovery.announce(LanDiscoveryConfig.defaults(true, true, List.of()), "relay",
        neighbour.host, group, Clock.systemUTC())) {
      assertThat(relay.counters().keySet()).as("no joins: a node without a DHT has no lan_ figures")
          .allSatisfy(k -> assertThat(k).startsWith("mdns_"))
          .contains("mdns_queries_sent", "mdns_answers_sent");
      assertThat(relay.counters().keySet()).as("each belongs to a family the relay declares").allSatisfy(k ->
          assertThat(LanMetricFamilies.MDNS.stream().anyMatch(f -> f.label().isPresent() ? k.startsWith(f.key())
              : k.equals(f.key()))).as(k).isTrue());
    }
    assertThatThrownBy(() -> LanDiscovery.announce(LanDiscoveryConfig.defaults(false, false, List.of()), "relay",
        neighbour.host, group, Clock.systemUTC())).as("quiet announcing would do nothing at all")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot run quiet");
  }

  private static void await(String rule, BooleanSupplier done) {
    Await.until(DEADLINE, rule, done);
  }
}
