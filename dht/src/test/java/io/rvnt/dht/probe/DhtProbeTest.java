package io.rvnt.dht.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.TestNode;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DhtProbeTest {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final long DEADLINE_SECONDS = 120;

  private static final SecureRandom RANDOM = new SecureRandom();
  /** A probe step may take this long on a busy machine before it counts as failed. */
  private static final ProbeConfig PROBE =
      new ProbeConfig(DhtConfig.DEFAULT_PROTOCOL_ID, 2, 3, Duration.ofSeconds(DEADLINE_SECONDS / 4));
  private EventLoopGroup group;
  private ScheduledExecutorService scheduler;
  private final List<TestNode> nodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    scheduler = Executors.newScheduledThreadPool(2);
    for (int i = 0; i < 3; i++) {
      nodes.add(TestNode.start(Keys.generateEd25519(RANDOM), group, scheduler, DhtConfig.DEFAULTS,
          new InMemoryRecordStore(), Validators.rvntDefault(), "/ip4/127.0.0.1/tcp/0"));
    }
    for (TestNode n : nodes) {
      n.dht.bootstrap(nodes.stream().filter(o -> o != n).map(o -> o.address).toList())
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (TestNode n : nodes) {
      n.close();
    }
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void aSetOfBootstrapNodesThatKnowEachOtherIsHealthy() throws Exception {
    ProbeReport report = new DhtProbe(PROBE).probe(nodes.stream().map(n -> n.address).toList());
    assertThat(report.nodes()).hasSize(3);
    for (NodeReport n : report.nodes()) {
      assertThat(n.verdict()).as("node verdict: %s", n).isEqualTo(Verdict.HEALTHY);
      assertThat(n.transports()).allSatisfy(t -> assertThat(t.latency()).isPresent());
      assertThat(n.routingTableSizeSeen()).as("each node knows the two others").isGreaterThanOrEqualTo(2);
    }
    assertThat(report.verdict()).isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void anUnreachableNodeIsDownAndTheSetDegraded() throws Exception {
    PeerId nobody = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    Multiaddr dead = Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(nobody.multihash());
    ProbeReport report = new DhtProbe(PROBE).probe(List.of(nodes.get(0).address, dead));
    assertThat(report.nodes().get(1).verdict()).isEqualTo(Verdict.DOWN);
    assertThat(report.nodes().get(1).transports().get(0).error()).isPresent();
    assertThat(report.nodes().get(0).verdict()).as("a node that does not know a listed peer is degraded")
        .isEqualTo(Verdict.DEGRADED);
    assertThat(report.verdict()).isEqualTo(Verdict.DEGRADED);
  }
}
