package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.SmallDisk;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity server on a data directory whose disk is full to the brim (issue 18): every write is answered
 * {@code 507 INSUFFICIENT_STORAGE} and changes nothing (signed requests too: they write their replay memory), bundle
 * fetches go on (without a one-time prekey, which stays stored), and once space returns writes succeed again. The
 * free-space watermark is 0 here, so the disk itself says no: the path a watermark cannot rule out. Once one write
 * was refused, every later one is, until space returns (the store reopens only then).
 */
class IdentityFullDiskIT {

  /** Room for the store's files and a few registrations; the rest is filled. */
  private static final long DISK_BYTES = 16L << 20;
  /** Registrations that may still fit in the write-ahead log's last page (4 KiB) once the disk is full. */
  private static final int MAX_WRITES_IN_SLACK = 4;

  @TempDir Path dir;

  @Test
  void aFullDiskRefusesWritesWith507KeepsServingReadsAndRecoversWhenSpaceReturns() throws Exception {
    Path config = ServerApi.config(dir, "min-free-disk = 0");
    TestIdentity alice = TestIdentity.create("alice");
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES);
        ServerProcess server = ServerProcess.start(disk.root().resolve("data"), "--config", config.toString())) {
      ServerApi api = new ServerApi(server);
      assertThat(api.register(alice, 5).status()).isEqualTo(201);

      disk.fill();
      // The write-ahead log's last page may still hold a small write or two: write until the disk says no.
      RawHttp.Response refused = api.register(TestIdentity.create("bob"), 2);
      for (int i = 0; i < MAX_WRITES_IN_SLACK && refused.status() == 201; i++) {
        refused = api.register(TestIdentity.create("bob" + i), 2);
      }
      assertThat(refused.status()).as("a registration the full disk refuses: %s", refused).isEqualTo(507);
      assertThat(io.rvnt.protocol.wire.Error.parseFrom(refused.body()).getCode())
          .isEqualTo(ErrorCode.INSUFFICIENT_STORAGE);
      assertThat(upload(api, alice).status()).as("a prekey upload the full disk refuses").isEqualTo(507);
      assertThat(api.bundle("alice").oneTimePreKey()).as("a fetch goes on, without a one-time prekey, since its"
          + " consumption cannot be recorded").isEmpty();
      assertThat(count(api, alice).status()).as("a signed read writes its replay memory (spec §5): refused too")
          .isEqualTo(507);
      assertThat(api.delete(alice).status()).as("even a deletion's write is refused, and deletes nothing")
          .isEqualTo(507);

      disk.free();
      assertThat(api.register(TestIdentity.create("carol"), 2).status()).as("space returned: writes succeed")
          .isEqualTo(201);
      assertThat(api.bundle("alice").oneTimePreKey()).as("the prekey a full disk kept is handed out now")
          .map(OneTimePreKey::id).contains(1);
      assertThat(api.count(alice)).as("nothing consumed or added while the disk was full, one prekey since")
          .isEqualTo(4);
      assertThat(upload(api, alice).status()).isEqualTo(200);
      assertThat(api.count(alice)).isEqualTo(4 + 3);
      assertThat(server.stderr()).as("the refusals are logged without a user's name")
          .doesNotContain("alice").doesNotContain("bob").doesNotContain("carol");
    }
  }

  private static RawHttp.Response count(ServerApi api, TestIdentity user) throws Exception {
    return api.exchange("GET", "/v1/prekey-count",
        user.signedHeaders("GET", "/v1/prekey-count", System.currentTimeMillis(), ServerApi.EMPTY, null),
        ServerApi.EMPTY);
  }

  private static RawHttp.Response upload(ServerApi api, TestIdentity user) throws Exception {
    byte[] body = WireCodec.encodeUpload(
        new PreKeyUpload(TestIdentity.oneTimePreKeys(100, 3), Optional.empty(), Optional.empty()));
    Map<String, String> signed = new LinkedHashMap<>(user.signedHeaders("PUT", "/v1/prekeys",
        System.currentTimeMillis(), body, TestPow.now(ServerApi.WRITE_BITS)));
    return api.exchange("PUT", "/v1/prekeys", signed, body);
  }
}
