package io.rvnt.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.MetricSamples;
import io.rvnt.testsupport.RvntProcess;
import io.rvnt.testsupport.SmallDisk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap node on a data directory whose disk is full to the brim (issue 18): a PUT_VALUE is refused as
 * STORAGE_FULL (docs/dht.md: the stream is reset, the refusal counted), GET_VALUE and FIND_NODE go on, and once space
 * returns records are stored again.
 */
class BootstrapFullDiskIT {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(300);
  /** Room for the peer key, the store's files and a few records; the rest is filled. */
  private static final long DISK_BYTES = 16L << 20;
  /** Records (about 200 bytes) that may still fit in the write-ahead log's last page (4 KiB) once the disk is full. */
  private static final int MAX_WRITES_IN_SLACK = 40;

  @TempDir Path dir;
  /** One client, so one connection: the admin listener takes 16 at most, and each client keeps its own open. */
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aFullDiskRefusesRecordsAsStorageFullKeepsServingReadsAndRecoversWhenSpaceReturns() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES);
        RvntProcess node = RvntProcess.start(List.of("-Xmx256m"), List.of("bootstrap", "--data-dir",
            disk.root().resolve("data").toString(), "--listen", "/ip4/127.0.0.1/tcp/0", "--admin", "127.0.0.1:0"));
        DhtTestPeer client = DhtTestPeer.start(false, group, scheduler)) {
      URI metrics = URI.create(node.awaitStdout(Pattern.compile("admin listener on (\\S+)"), DEADLINE).group(1));
      MatchResult listening = node.awaitStdout(Pattern.compile("listening on (\\S+)"), DEADLINE);
      Multiaddr address = Multiaddr.parse(listening.group(1));
      PeerInfo info = new PeerInfo(PeerId.fromMultihash(address.peerIdMultihash().orElseThrow()),
          List.of(address.withoutPeerId()));
      DhtTestPeer.Record before = DhtTestPeer.freshRecord();
      client.put(info, before).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

      disk.fill();
      // The write-ahead log's last page may still hold a few records: put until the disk says no.
      for (int i = 0; i < MAX_WRITES_IN_SLACK && refusedStorageFull(metrics) == 0; i++) {
        try {
          client.put(info, DhtTestPeer.freshRecord()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException refused) {
          // Counted below.
        }
      }
      assertThat(refusedStorageFull(metrics)).as("a record the full disk refuses is counted as STORAGE_FULL")
          .isEqualTo(1);
      DhtTestPeer.Record during = DhtTestPeer.freshRecord();
      assertThatThrownBy(() -> client.put(info, during).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("every later record is refused, until space returns");
      assertThat(refusedStorageFull(metrics)).isEqualTo(2);
      assertThat(client.get(info, before.key()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("GET_VALUE goes on").hasValueSatisfying(v -> assertThat(v).isEqualTo(before.value()));
      assertThat(client.get(info, during.key()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("the refused record was not stored").isEmpty();
      assertThat(client.closest(info, before.key()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("FIND_NODE goes on (an empty table: no other DHT peer)").isEmpty();

      disk.free();
      client.put(info, during).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(client.get(info, during.key()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("space returned: records are stored again")
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(during.value()));
    } finally {
      scheduler.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private double refusedStorageFull(URI metrics) throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(metrics).build(),
        HttpResponse.BodyHandlers.ofString());
    return MetricSamples.value(page.body(), "rvnt_bootstrap_refused_total{reason=\"storage_full\"}").orElse(0);
  }
}
