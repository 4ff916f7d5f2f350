package io.rvnt.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.dht.DhtConfig;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.testsupport.Awaits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapNodeTest {

  /** How long two nodes may take to peer on a busy machine: a deadline, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private BootstrapConfig config(Path dataDir, List<Multiaddr> peers) {
    return new BootstrapConfig(dataDir,
        List.of(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
        new InetSocketAddress("127.0.0.1", 0), peers, Duration.ofSeconds(30), 100, DhtConfig.DEFAULTS);
  }

  @Test
  void keepsItsPeerKeyInAnOwnerOnlyFileAndItsPeerIdAcrossRestarts() throws Exception {
    Path data = tmp.resolve("data");
    String first;
    try (BootstrapNode node = BootstrapNode.start(config(data, List.of()), "test", Clock.systemUTC())) {
      first = node.peerId().toBase58();
      assertThat(node.listenAddresses()).as("one bound address per listener, with /p2p").hasSize(2)
          .allSatisfy(a -> assertThat(a.peerIdMultihash()).isPresent());
      assertThat(node.listenAddresses().get(0).has(MultiaddrProtocol.QUIC_V1)).isTrue();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(PeerKeyFile.NAME))))
        .as("the peer key is mode 0600").isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .as("the data directory is mode 0700").isEqualTo("rwx------");
    try (BootstrapNode node = BootstrapNode.start(config(data, List.of()), "test", Clock.systemUTC())) {
      assertThat(node.peerId().toBase58()).as("the PeerId survives a restart").isEqualTo(first);
    }
  }

  @Test
  void refusesAPeerKeyReadableByOthers() throws Exception {
    Path data = tmp.resolve("open");
    try (BootstrapNode node = BootstrapNode.start(config(data, List.of()), "test", Clock.systemUTC())) {
      // Only to write the key file.
    }
    Path key = data.resolve(PeerKeyFile.NAME);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] exposed = Files.readAllBytes(key);
    assertThatThrownBy(() -> BootstrapNode.start(config(data, List.of()), "test", Clock.systemUTC()))
        .isInstanceOf(IOException.class).hasMessageContaining("must be mode 0600");
    assertThat(Files.readAllBytes(key)).as("the refused key file is left as it was, not replaced").isEqualTo(exposed);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .as("nor silently made private: the operator must see and fix it").isEqualTo("rw-r--r--");
  }

  @Test
  void peersWithTheOtherNodesAndServesAggregateMetricsOnLoopback() throws Exception {
    try (BootstrapNode a = BootstrapNode.start(config(tmp.resolve("a"), List.of()), "test", Clock.systemUTC());
        BootstrapNode b = BootstrapNode.start(config(tmp.resolve("b"), List.of(a.listenAddresses().get(1))), "test",
            Clock.systemUTC())) {
      Awaits.until(DEADLINE, "the two nodes peer",
          () -> a.dht().routingTable().size() >= 1 && b.dht().routingTable().size() >= 1);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + a.adminAddress().getPort();
      HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.body()).contains("rvnt_bootstrap_connected_peers 1", "rvnt_dht_routing_table_peers 1",
          "rvnt_dht_queries_total{type=\"FIND_NODE\"}", "rvnt_dht_query_latency_ms{type=\"FIND_NODE\",quantile=\"0.99\"}",
          "rvnt_dht_records_stored 0", "rvnt_jvm_heap_used_bytes", "rvnt_p2p_handshake_failures_total 0", "rvnt_dht_routing_table_bucket_peers{bucket=");
      assertThat(text.body()).as("no peer id in the metrics").doesNotContain(b.peerId().toBase58())
          .doesNotContain(a.peerId().toBase58()).doesNotContain("127.0.0.1");
      HttpResponse<byte[]> pb = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics.pb")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      MetricsSnapshot snapshot = MetricsSnapshot.parseFrom(pb.body());
      assertThat(snapshot.getRole()).isEqualTo("bootstrap");
      assertThat(snapshot.getOpenConnections()).isEqualTo(1);
      assertThat(snapshot.getGaugesOrThrow("routing_table_peers")).isEqualTo(1);
      assertThat(snapshot.getEndpointsList()).extracting(e -> e.getEndpoint()).contains("FIND_NODE", "PUT_VALUE");
    }
  }

  @Test
  void refusesAnAdminListenerOffLoopback() {
    assertThatThrownBy(() -> new BootstrapConfig(tmp, BootstrapConfig.DEFAULT_LISTEN,
        new InetSocketAddress("0.0.0.0", 4011), List.of(), Duration.ofSeconds(30), 100, DhtConfig.DEFAULTS))
        .hasMessageContaining("loopback");
  }

  @Test
  void refusesAPeerAddressWithoutItsPeerId() {
    assertThatThrownBy(() -> config(tmp, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))))
        .hasMessageContaining("/p2p/PEER_ID");
  }

  @Test
  void aConfigFileWithAMisspeltSettingIsRefused() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.writeString(file, "listen = /ip4/127.0.0.1/tcp/4001\nlisten-addr = x\n");
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .hasMessageContaining("unknown setting 'listen-addr'");
  }

  @Test
  void aConfigFileSetsListenersAdminAndDataDir() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.writeString(file, "data-dir = " + tmp.resolve("d") + "\nlisten = /ip4/127.0.0.1/tcp/4001, "
        + "/ip4/127.0.0.1/udp/4001/quic-v1\nadmin = 127.0.0.1:9999\n");
    BootstrapConfig c = ConfigFile.apply(BootstrapConfig.defaults(), file);
    assertThat(c.dataDir()).isEqualTo(tmp.resolve("d"));
    assertThat(c.listen()).hasSize(2);
    assertThat(c.admin().getPort()).isEqualTo(9999);
  }
}
