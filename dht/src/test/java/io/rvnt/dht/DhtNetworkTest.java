package io.rvnt.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.dht.record.PresenceRecordValidator;
import io.rvnt.dht.record.PresenceRecords;
import io.rvnt.dht.record.RocksDbRecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java-only network of issue 4: 3 bootstrap nodes and 20 client nodes on loopback, in one process. */
class DhtNetworkTest {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final long DEADLINE_SECONDS = 120;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BOOTSTRAPS = 3;
  private static final int CLIENTS = 20;
  /** A request may take this long on a busy machine before the DHT gives up on it. */
  private static final DhtConfig CONFIG = DhtConfig.DEFAULTS.withRequestTimeout(Duration.ofSeconds(30));

  @TempDir Path dataDir;
  private EventLoopGroup group;
  private ScheduledExecutorService scheduler;
  private final List<TestNode> bootstraps = new ArrayList<>();
  private final List<TestNode> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    scheduler = Executors.newScheduledThreadPool(2);
    for (int i = 0; i < BOOTSTRAPS; i++) {
      bootstraps.add(bootstrapNode(Keys.generateEd25519(RANDOM), i, "/ip4/127.0.0.1/tcp/0"));
    }
    for (TestNode b : bootstraps) {
      List<Multiaddr> others = bootstraps.stream().filter(o -> o != b).map(o -> o.address).toList();
      assertThat(b.dht.bootstrap(others).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .as("bootstrap nodes peer with each other").isEqualTo(BOOTSTRAPS - 1);
    }
    for (int i = 0; i < CLIENTS; i++) {
      TestNode c = TestNode.start(Keys.generateEd25519(RANDOM), group, scheduler, CONFIG, new InMemoryRecordStore(),
          Validators.rvntDefault(), "/ip4/127.0.0.1/tcp/0");
      clients.add(c);
      // Each client knows one bootstrap node only, as an app configured with one entry point.
      assertThat(c.dht.bootstrap(List.of(bootstraps.get(i % BOOTSTRAPS).address))
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (TestNode n : clients) {
      n.close();
    }
    for (TestNode n : bootstraps) {
      if (n != null) {
        n.close();
      }
    }
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void everyClientFindsEveryOtherRecordsSpreadAndTheNetworkSurvivesABootstrapRestart() throws Exception {
    assertEveryClientFindsEveryOther(clients);

    TestNode publisher = clients.get(0);
    byte[] key = PresenceRecordValidator.key(publisher.host.peerId());
    byte[] record = PresenceRecords.sign(publisher.key, List.of(publisher.address.withoutPeerId()), 1,
        Instant.now().plus(Duration.ofHours(1)));
    assertThat(publisher.dht.putValue(key, record).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
        .as("a record is replicated to the k closest nodes").isGreaterThanOrEqualTo(CONFIG.k() - 1);
    for (TestNode c : clients) {
      assertThat(c.dht.getValue(key).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .as("a record put by one client is got by all")
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(record));
    }

    TestNode stopped = bootstraps.get(0);
    // The k = 20 closest of 22 peers need not include this one: hand it the record directly, so that the restart
    // below has something of its own to keep.
    KadMessage put = new KadMessage(KadMessage.Type.PUT_VALUE, key,
        Optional.of(new KadMessage.WireRecord(key, record, "")), List.of(), List.of());
    assertThat(publisher.dht.ask(stopped.info(), put).get(DEADLINE_SECONDS, TimeUnit.SECONDS).type())
        .isEqualTo(KadMessage.Type.PUT_VALUE);
    Multiaddr stoppedAddress = stopped.address;
    PrivKey stoppedKey = stopped.key;
    stopped.close();
    bootstraps.set(0, null);
    assertEveryClientFindsEveryOther(clients.subList(0, 5));
    for (TestNode c : clients.subList(0, 5)) {
      assertThat(c.dht.getValue(key).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .as("records are still got with one bootstrap node down").isPresent();
    }

    String port = stoppedAddress.valueText(MultiaddrProtocol.TCP).orElseThrow();
    TestNode restarted = bootstrapNode(stoppedKey, 0, "/ip4/127.0.0.1/tcp/" + port);
    bootstraps.set(0, restarted);
    assertThat(restarted.dht.bootstrap(List.of(bootstraps.get(1).address, bootstraps.get(2).address))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the restarted node rejoins its peers").isEqualTo(2);
    KadMessage answer = restarted.dht.ask(clients.get(1).info(), KadMessage.request(KadMessage.Type.PING,
        new byte[0])).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(answer.type()).isEqualTo(KadMessage.Type.PING);
    KadMessage stored = clients.get(3).dht.ask(restarted.info(),
        KadMessage.request(KadMessage.Type.GET_VALUE, key)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(stored.record()).as("the restarted node still serves the records it stored before")
        .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(record));
    for (TestNode c : clients.subList(0, 5)) {
      assertThat(c.dht.findPeer(restarted.host.peerId()).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .as("clients find the restarted bootstrap node again").isPresent();
    }
  }

  private TestNode bootstrapNode(PrivKey key, int index, String listen) throws Exception {
    return TestNode.start(key, group, scheduler, CONFIG,
        RocksDbRecordStore.open(dataDir.resolve("boot" + index)), Validators.rvntDefault(), listen);
  }

  private static void assertEveryClientFindsEveryOther(List<TestNode> seekers) throws Exception {
    for (TestNode a : seekers) {
      List<CompletableFuture<Optional<PeerInfo>>> lookups = new ArrayList<>();
      List<TestNode> targets = new ArrayList<>();
      for (TestNode b : seekers) {
        if (a != b) {
          lookups.add(a.dht.findPeer(b.host.peerId()));
          targets.add(b);
        }
      }
      for (int i = 0; i < lookups.size(); i++) {
        Optional<PeerInfo> found = lookups.get(i).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(found).as("a client finds another client by lookup").isPresent();
        assertThat(found.get().addrs()).as("with the address it listens on")
            .contains(targets.get(i).address.withoutPeerId());
      }
    }
  }
}
