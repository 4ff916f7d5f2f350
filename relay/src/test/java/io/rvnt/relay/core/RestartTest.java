package io.rvnt.relay.core;

import static io.rvnt.relay.core.Harness.blob;
import static io.rvnt.relay.core.Harness.id;
import static io.rvnt.relay.core.Harness.seed;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import io.rvnt.relay.store.RocksRelayStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules over RocksDB across a restart: what was acknowledged stays, nothing expires early, quotas hold. */
class RestartTest {

  @TempDir Path dir;

  @Test
  void aRestartKeepsEveryAcknowledgedDepositAndDropsNothingEarly() {
    RelayLimits limits = RelayRulesTest.LIMITS.toBuilder().maxEnvelopesPerMailbox(40).build();
    byte[] seed = seed();
    byte[] depositId = id();
    Set<String> deposited = new HashSet<>();
    Instant start;
    try (Harness h = new Harness(RocksRelayStore.open(dir), limits)) {
      h.clock.set(Days.start(h.today()).plus(Duration.ofHours(1)));
      start = h.clock.instant();
      h.create(seed);
      h.register(seed, h.today(), List.of(depositId));
      for (int i = 0; i < 40; i++) {
        byte[] blob = blob("envelope " + i);
        assertThat(h.deposit(depositId, blob).status()).isEqualTo(RelayStatus.OK);
        deposited.add(HexFormat.of().formatHex(blob));
      }
    }
    try (Harness again = new Harness(RocksRelayStore.open(dir), limits)) {
      again.clock.set(start.plus(Duration.ofDays(7)).minus(Duration.ofHours(1)).minus(Duration.ofMinutes(1)));
      assertThat(again.counters.snapshot().envelopesHeld()).as("the counters are read back").isEqualTo(40);
      assertThat(again.relay.purge().join()).as("the last minute of the seventh day: nothing is due").isZero();
      Set<String> collected = new HashSet<>();
      List<byte[]> acks = List.of();
      RelayResponse r;
      do {
        r = again.collect(seed, acks, 16);
        List<byte[]> ids = new ArrayList<>();
        for (CollectedEnvelope e : r.envelopes()) {
          collected.add(HexFormat.of().formatHex(e.blob()));
          ids.add(e.id());
        }
        acks = ids;
      } while (!r.envelopes().isEmpty());
      assertThat(collected).as("every acknowledged deposit, after a restart").isEqualTo(deposited);
    }
  }

  @Test
  void quotaCountersSurviveARestart() {
    RelayLimits limits = RelayRulesTest.LIMITS.toBuilder().maxEnvelopesPerMailbox(3).build();
    byte[] seed = seed();
    byte[] depositId = id();
    try (Harness h = new Harness(RocksRelayStore.open(dir), limits)) {
      h.create(seed);
      h.register(seed, h.today(), List.of(depositId));
      for (int i = 0; i < 3; i++) {
        h.deposit(depositId, blob("m" + i));
      }
    }
    try (Harness again = new Harness(RocksRelayStore.open(dir), limits)) {
      assertThat(again.deposit(depositId, blob("fourth")).status()).isEqualTo(RelayStatus.QUOTA_EXCEEDED);
    }
  }
}
