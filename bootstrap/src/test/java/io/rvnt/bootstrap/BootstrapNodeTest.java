package io.rvnt.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.dht.DhtConfig;
import io.rvnt.p2p.crypto.PeerKeyFile;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.testsupport.Await;
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
        new InetSocketAddress("127.0.0.1", 0), peers, Duration.ofSeconds(30), 100,
        DhtConfig.DEFAULTS);
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
        .isInstanceOf(IOException.class).hasMessageContaining("group or others can access");
    assertThat(Files.readAllBytes(key)).as("the refused key file is left as it was, not replaced").isEqualTo(exposed);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .as("nor silently made private: the operator must see and fix it").isEqualTo("rw-r--r--");
  }

  @Test
  void peersWithTheOtherNodesAndServesAggregateMetricsAndHealthOnLoopback() throws Exception {
    try (BootstrapNode a = BootstrapNode.start(config(tmp.resolve("a"), List.of()), "test", Clock.systemUTC());
        BootstrapNode b = BootstrapNode.start(config(tmp.resolve("b"), List.of(a.listenAddresses().get(1))), "test",
            Clock.systemUTC())) {
      Await.until(DEADLINE, "the two nodes peer",
          () -> a.dht().routingTable().size() >= 1 && b.dht().routingTable().size() >= 1);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + a.adminAddress().getPort();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("a serving node answers /health, as every RVNT server does")
          .isEqualTo(200);
      HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.body()).contains("rvnt_bootstrap_open_connections 1\n",
          "rvnt_bootstrap_routing_table_peers 1\n", "rvnt_bootstrap_requests_total{endpoint=\"FIND_NODE\"}",
          "rvnt_bootstrap_latency_ms{endpoint=\"FIND_NODE\",quantile=\"0.99\"}",
          "rvnt_bootstrap_records_stored 0\n", "rvnt_bootstrap_handshake_failures_total 0\n",
          "rvnt_bootstrap_refused_total{reason=\"rate_limited\"} 0\n",
          "rvnt_bootstrap_routing_table_bucket_peers{bucket=", "rvnt_process_heap_used_bytes",
          "rvnt_process_data_dir_bytes");
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
        new InetSocketAddress("0.0.0.0", 4011), List.of(), Duration.ofSeconds(30), 100,
        DhtConfig.DEFAULTS))
        .hasMessageContaining("loopback");
  }

  @Test
  void refusesAPeerAddressWithoutItsPeerId() {
    assertThatThrownBy(() -> config(tmp, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))))
        .hasMessageContaining("/p2p/PEER_ID");
  }

  @Test
  void aDnsaddrPeerNeedsNoPeerIdAndTheConfigFileNamesItsDnsServer() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.writeString(file, "peer = /dnsaddr/boot.rvnt.test\ndns-server = 127.0.0.1:5353\n");
    BootstrapConfig c = ConfigFile.apply(BootstrapConfig.defaults(), file);
    assertThat(c.peers()).as("/dnsaddr/DOMAIN stands for the nodes its records list")
        .containsExactly(Multiaddr.parse("/dnsaddr/boot.rvnt.test"));
    assertThat(c.dnsServer()).contains(new InetSocketAddress("127.0.0.1", 5353));
    Files.writeString(file, "dns-server = dns.example\n");
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .hasMessageContaining("a DNS server is an IP address");
  }

  @Test
  void aConfigFileWithAMisspeltSettingIsRefused() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.writeString(file, "listen = /ip4/127.0.0.1/tcp/4001\nlisten-addr = x\n");
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .hasMessageContaining("unknown setting 'listen-addr'");
  }

  @Test
  void aConfigFileThatIsNotUtf8IsRefusedNamingItsLine() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.write(file, new byte[] {'l', 'o', 'g', '-', 'l', 'e', 'v', 'e', 'l', '=', (byte) 0xC3, '\n'});
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .as("a truncated UTF-8 sequence is refused naming the file and the line, not as an unnamed I/O error")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + " is not UTF-8 text: line 1 ");
  }

  @Test
  void theAdminListenerTakesOnlyALiteralLoopbackAddressSoThatNoNameIsLookedUp() {
    assertThat(SettingsFile.hostPort("127.0.0.1:9999").getAddress().isLoopbackAddress()).isTrue();
    assertThat(SettingsFile.hostPort("[::1]:9999").getAddress().isLoopbackAddress()).isTrue();
    assertThat(SettingsFile.hostPort("localhost:9999").getAddress().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> SettingsFile.hostPort("0.0.0.0:9999")).as("metrics stay on the host")
        .hasMessage("the admin listener takes a loopback address or localhost, not 0.0.0.0");
    assertThatThrownBy(() -> SettingsFile.hostPort("metrics.example:9999")).as("a name is refused, not resolved")
        .hasMessage("the admin listener takes a loopback address or localhost, not metrics.example");
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
    assertThat(c.logLevel()).as("warn unless the file says otherwise").isEqualTo(LogLevel.WARN);
    assertThat(c.adminLimits()).as("the admin listener's limits default to the shared ones")
        .isEqualTo(AdminLimits.DEFAULTS);
  }

  @Test
  void aConfigFileSetsTheLogLevelAndRefusesAnUnknownOne() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.writeString(file, "log-level = Debug\n");
    assertThat(ConfigFile.apply(BootstrapConfig.defaults(), file).logLevel()).isEqualTo(LogLevel.DEBUG);
    Files.writeString(file, "log-level = loud\n");
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .as("a bad level is one line naming the key and the choices")
        .hasMessage("log-level: expected off, error, warn, info, debug or trace");
  }

  @Test
  void aConfigFileSetsEachLimitOfTheAdminListener() throws Exception {
    Path file = tmp.resolve("bootstrap.conf");
    Files.writeString(file, "admin-max-request-bytes = 4096\nadmin-idle-timeout = 5\nadmin-max-connections = 4\n"
        + "admin-snapshot-queue = 2\n");
    assertThat(ConfigFile.apply(BootstrapConfig.defaults(), file).adminLimits())
        .isEqualTo(new AdminLimits(4_096, Duration.ofSeconds(5), 4, 2));
    Files.writeString(file, "admin-max-connections = many\n");
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .hasMessage("admin-max-connections is not a number");
  }
}
