package io.rvnt.relay.core;

import static io.rvnt.relay.core.Harness.blob;
import static io.rvnt.relay.core.Harness.id;
import static io.rvnt.relay.core.Harness.seed;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.store.RocksRelayStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §9: after a run of every request, every key and value in the RocksDB store is one of the listed fields (mailbox
 * id, mailbox public key, deposit ids as mailbox ids, envelope blobs with their receipt day, counters), and holds
 * exactly what the run put there. The checks follow the document's layout, not the code's.
 */
class StoredFieldsTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  @Test
  void whatTheRelayStoresIsExactlyTheListedFields() throws IOException {
    Path db = dir.resolve("mailboxes");
    Map<String, byte[]> keys = new HashMap<>();       // mailbox id → public key
    Map<String, String> depositIds = new HashMap<>(); // deposit id → mailbox id + day
    Set<String> blobs = new HashSet<>();
    int today;
    try (Harness h = new Harness(RocksRelayStore.open(db), RelayRulesTest.LIMITS)) {
      today = h.today();
      byte[][] seeds = {seed(), seed(), seed()};
      for (byte[] seed : seeds) {
        h.create(seed);
        byte[] pub = Ed25519.publicKey(seed);
        keys.put(HEX.formatHex(RelayIds.mailboxId(pub)), pub);
        for (int day = today; day <= today + 2; day++) {
          List<byte[]> ids = List.of(id(), id());
          h.register(seed, day, ids);
          for (byte[] id : ids) {
            depositIds.put(HEX.formatHex(id), HEX.formatHex(RelayIds.mailboxId(pub))
                + HEX.formatHex(ByteBuffer.allocate(4).putInt(day).array()));
          }
        }
      }
      // Deposits to the first two mailboxes, one of them partly acknowledged; the third is deleted.
      for (int m = 0; m < 2; m++) {
        byte[] depositId = todaysIdOf(depositIds, keys, seeds[m], today);
        for (int i = 0; i < 5; i++) {
          byte[] blob = blob("mailbox " + m + " envelope " + i);
          h.deposit(depositId, blob);
          blobs.add(HEX.formatHex(blob));
        }
      }
      RelayResponse got = h.collect(seeds[0], List.of(), 2);
      h.collect(seeds[0], got.envelopes().stream().map(e -> e.id()).toList(), 0);
      got.envelopes().forEach(e -> blobs.remove(HEX.formatHex(e.blob())));
      h.delete(seeds[2]);
      String deleted = HEX.formatHex(RelayIds.mailboxId(Ed25519.publicKey(seeds[2])));
      keys.remove(deleted);
      depositIds.values().removeIf(v -> v.startsWith(deleted));
      h.clock.advance(Duration.ofDays(1));
      h.relay.purge().join();
      depositIds.values().removeIf(v -> Integer.parseInt(v.substring(32), 16) < today);
    }

    Map<byte[], byte[]> entries;
    try (RocksRelayStore store = RocksRelayStore.open(db)) {
      entries = store.entries();
    }
    Map<String, int[]> counted = new HashMap<>();
    Set<String> seenBlobs = new HashSet<>();
    Set<String> seenDeposits = new HashSet<>();
    Map<String, Set<String>> lists = new HashMap<>();
    for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
      byte[] k = e.getKey();
      byte[] v = e.getValue();
      switch (k[0]) {
        case 'm' -> {
          assertThat(k).as("'m' mailbox_id").hasSize(17);
          assertThat(keys).as("a mailbox the run created and kept").containsKey(hex(k, 1, 17));
          assertThat(v).as("its public key").isEqualTo(keys.get(hex(k, 1, 17)));
        }
        case 'c' -> {
          assertThat(k).as("'c' mailbox_id").hasSize(17);
          assertThat(v).as("u32be(envelopes) || u64be(bytes)").hasSize(12);
          assertThat(keys).containsKey(hex(k, 1, 17));
          ByteBuffer b = ByteBuffer.wrap(v);
          counted.put(hex(k, 1, 17), new int[] {b.getInt(), (int) b.getLong()});
        }
        case 'd' -> {
          assertThat(k).as("'d' deposit_id").hasSize(17);
          assertThat(depositIds).as("a registered, live deposit id").containsKey(hex(k, 1, 17));
          assertThat(HEX.formatHex(v)).as("mailbox_id || u32be(day)").isEqualTo(depositIds.get(hex(k, 1, 17)));
          seenDeposits.add(hex(k, 1, 17));
        }
        case 's' -> {
          assertThat(k).as("'s' u32be(day) mailbox_id").hasSize(21);
          assertThat(v.length % RelayIds.ID_BYTES).as("a list of 16-byte deposit ids").isZero();
          Set<String> ids = new HashSet<>();
          for (int i = 0; i < v.length; i += 16) {
            ids.add(hex(v, i, i + 16));
          }
          lists.put(hex(k, 1, 21), ids);
        }
        case 'e' -> {
          assertThat(k).as("'e' u32be(day) mailbox_id envelope_id").hasSize(37);
          assertThat(ByteBuffer.wrap(k, 1, 4).getInt()).as("the receipt day").isEqualTo(today);
          assertThat(keys).containsKey(hex(k, 5, 21));
          assertThat(hex(k, 21, 37)).as("the envelope id is the blob's").isEqualTo(HEX.formatHex(
              RelayIds.envelopeId(v)));
          assertThat(blobs).as("a deposited, unacknowledged blob").contains(HEX.formatHex(v));
          seenBlobs.add(HEX.formatHex(v));
          int[] c = counted.computeIfAbsent("sum" + hex(k, 5, 21), x -> new int[2]);
          c[0]++;
          c[1] += v.length;
        }
        default -> throw new AssertionError("a key of no listed family: " + HEX.formatHex(k));
      }
    }
    assertThat(seenBlobs).as("every unacknowledged blob is there").isEqualTo(blobs);
    assertThat(seenDeposits).as("every live deposit id is there").isEqualTo(depositIds.keySet());
    for (Map.Entry<String, Set<String>> list : lists.entrySet()) {
      int day = Integer.parseInt(list.getKey().substring(0, 8), 16);
      String mailbox = list.getKey().substring(8);
      for (String id : list.getValue()) {
        assertThat(depositIds.get(id)).as("each listed id points back to its mailbox and day")
            .isEqualTo(mailbox + String.format("%08x", day));
      }
    }
    for (String mailbox : keys.keySet()) {
      int[] stored = counted.getOrDefault(mailbox, new int[2]);
      int[] actual = counted.getOrDefault("sum" + mailbox, new int[2]);
      assertThat(stored).as("the counters match the envelopes").isEqualTo(actual);
    }
    try (Stream<Path> files = Files.list(db)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no RocksDB info log, which could quote keys").noneMatch(name -> name.startsWith("LOG"));
    }
  }

  private static byte[] todaysIdOf(Map<String, String> depositIds, Map<String, byte[]> keys, byte[] seed, int today) {
    String mailbox = HEX.formatHex(RelayIds.mailboxId(Ed25519.publicKey(seed)));
    String target = mailbox + String.format("%08x", today);
    return depositIds.entrySet().stream().filter(e -> e.getValue().equals(target)).findFirst()
        .map(e -> HEX.parseHex(e.getKey())).orElseThrow();
  }

  private static String hex(byte[] bytes, int from, int to) {
    return HEX.formatHex(Arrays.copyOfRange(bytes, from, to));
  }
}
