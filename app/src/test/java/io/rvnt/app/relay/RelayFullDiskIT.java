package io.rvnt.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import io.rvnt.relay.protocol.RelayStatus;
import io.rvnt.testsupport.SmallDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay on a data directory whose disk is full to the brim (issue 18): a deposit and a collect's
 * acknowledgements are refused with STORAGE_FULL (relay-protocol.md §7) and change nothing, collects without
 * acknowledgements go on, and once space returns writes succeed again. The disk watermark is 0 here, so the disk
 * itself says no: the path a watermark cannot rule out. Once one write was refused, every later one is, until space
 * returns (the store reopens only then).
 */
class RelayFullDiskIT {

  /** Room for the peer key, the store's files and a few envelopes; the rest is filled. */
  private static final long DISK_BYTES = 16L << 20;
  /** Deposits of 1 KiB that may still fit in the write-ahead log's last page (4 KiB) once the disk is full. */
  private static final int MAX_WRITES_IN_SLACK = 4;

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;

  @Test
  void aFullDiskRefusesWritesWithStorageFullKeepsServingCollectsAndRecoversWhenSpaceReturns() throws Exception {
    Path config = tmp.resolve("relay.properties");
    Files.writeString(config, "create-pow-bits = 8\nmin-free-disk-bytes = 0\n");
    byte[] master = new byte[32];
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(master);
    new SecureRandom().nextBytes(secret);
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), DISK_BYTES);
        RelayProcess relay = RelayProcess.start(disk.root().resolve("data"), config, tmp);
        RelayClient client = RelayClient.start(Duration.ofSeconds(30));
        RelaySession session = client.connect(relay.tcp())) {
      MailboxKey key = MailboxKey.forRelay(master, session.relayPeerId());
      RelayParams params = session.hello();
      session.createMailbox(key, params.createPowBits());
      byte[] depositId = RelayIds.depositId(secret, session.relayPeerId(), params.day());
      session.register(key, params.day(), List.of(depositId));
      byte[] first = blob("before the disk filled");
      session.deposit(depositId, first);

      disk.fill();
      // The write-ahead log's last page may still hold a deposit or two: deposit until the disk says no.
      int inSlack = 0;
      RelayStatus status = RelayStatus.OK;
      while (status == RelayStatus.OK && inSlack <= MAX_WRITES_IN_SLACK) {
        status = session.depositAsync(depositId, blob("in the slack " + inSlack)).get(30, TimeUnit.SECONDS).status();
        inSlack += status == RelayStatus.OK ? 1 : 0;
      }
      assertThat(status).as("a deposit the full disk refuses").isEqualTo(RelayStatus.STORAGE_FULL);
      byte[] second = blob("while the disk is full");
      assertStorageFull(() -> session.deposit(depositId, second), "every later deposit, until space returns");
      List<CollectedEnvelope> waiting = session.collect(key, List.of(), 16).envelopes();
      assertThat(blobs(waiting)).as("a collect without acknowledgements goes on").hasSize(1 + inSlack)
          .contains(HEX.formatHex(first)).doesNotContain(HEX.formatHex(second));
      byte[] firstId = waiting.stream().filter(e -> Arrays.equals(e.blob(), first)).findFirst().orElseThrow().id();
      assertStorageFull(() -> session.collect(key, List.of(firstId), 16), "acknowledgements the full disk refuses");
      assertThat(blobs(session.collect(key, List.of(), 16).envelopes())).as("the refused acknowledgement deleted"
          + " nothing").contains(HEX.formatHex(first));

      disk.free();
      session.deposit(depositId, second);
      List<CollectedEnvelope> after = session.collect(key, List.of(firstId), 16).envelopes();
      assertThat(blobs(after)).as("space returned: the acknowledgement and the deposit were stored")
          .hasSize(1 + inSlack).contains(HEX.formatHex(second)).doesNotContain(HEX.formatHex(first));
      assertThat(relay.stderr()).as("the refusals are logged without an id").contains("STORAGE_FULL")
          .doesNotContainIgnoringCase(HEX.formatHex(depositId));
    }
  }

  private static void assertStorageFull(ThrowingCallable call, String what) {
    try {
      call.call();
    } catch (RelayException e) {
      assertThat(e.status()).as(what).isEqualTo(RelayStatus.STORAGE_FULL);
      return;
    } catch (Throwable e) {
      throw new AssertionError(what + ": " + e, e);
    }
    throw new AssertionError(what + ": accepted");
  }

  private static List<String> blobs(List<CollectedEnvelope> envelopes) {
    return envelopes.stream().map(e -> HEX.formatHex(e.blob())).toList();
  }

  private static byte[] blob(String text) {
    return Padding.pad(text.getBytes(StandardCharsets.UTF_8));
  }
}
