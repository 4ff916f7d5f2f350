package io.rvnt.dht.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.DhtException;
import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordKeeperTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration PAST_TTL = DhtConfig.DEFAULTS.recordTtl().plusMinutes(1);
  private final MutableClock clock = new MutableClock(START);

  @TempDir Path dir;

  @Test
  void aRecordExpiresAfterTheRecordTtl() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS);
    PrivKey key = Keys.generateEd25519(RANDOM);
    byte[] k = PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey()));
    keeper.put(Optional.empty(), k, PresenceRecords.sign(key, List.of(), 1, START.plus(Duration.ofHours(47))));
    clock.set(START.plus(Duration.ofHours(46)));
    assertThat(keeper.get(k)).as("kept before the TTL").isPresent();
    clock.set(START.plus(Duration.ofHours(48)));
    assertThat(keeper.get(k)).as("gone after 48 h").isEmpty();
    assertThat(keeper.count()).isZero();
  }

  @Test
  void aStoredRecordIsDroppedOnceItsOwnExpiryPasses() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS);
    PrivKey key = Keys.generateEd25519(RANDOM);
    byte[] k = PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey()));
    keeper.put(Optional.empty(), k, PresenceRecords.sign(key, List.of(), 1, START.plusSeconds(60)));
    clock.set(START.plusSeconds(61));
    assertThat(keeper.get(k)).isEmpty();
  }

  @Test
  void anOlderRecordDoesNotReplaceANewerOne() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS);
    PrivKey key = Keys.generateEd25519(RANDOM);
    byte[] k = PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey()));
    byte[] newer = PresenceRecords.sign(key, List.of(), 5, START.plusSeconds(600));
    keeper.put(Optional.empty(), k, newer);
    assertThatThrownBy(() -> keeper.put(Optional.empty(), k,
        PresenceRecords.sign(key, List.of(), 4, START.plusSeconds(900)))).isInstanceOf(DhtException.class);
    assertThat(keeper.get(k).orElseThrow().value()).isEqualTo(newer);
  }

  @Test
  void aPeerMayStoreAtMostItsShareOfRecords() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS.withRecordLimits(2, 100));
    PeerId from = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    for (int i = 0; i < 2; i++) {
      PrivKey key = Keys.generateEd25519(RANDOM);
      keeper.put(Optional.of(from), PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey())),
          PresenceRecords.sign(key, List.of(), 1, START.plusSeconds(60)));
    }
    PrivKey third = Keys.generateEd25519(RANDOM);
    assertThatThrownBy(() -> keeper.put(Optional.of(from),
        PresenceRecordValidator.key(PeerId.fromPublicKey(third.publicKey())),
        PresenceRecords.sign(third, List.of(), 1, START.plusSeconds(60))))
        .isInstanceOf(DhtException.class).hasMessageContaining("STORAGE_FULL");
    assertThat(keeper.count()).isEqualTo(2);
  }

  @Test
  void theNodeStoresAtMostItsTotal() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS.withRecordLimits(100, 1));
    PeerInfo provider = new PeerInfo(PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey()),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")));
    keeper.addProvider(Optional.of(provider.id()), new byte[] {1}, provider);
    assertThatThrownBy(() -> keeper.addProvider(Optional.of(provider.id()), new byte[] {2}, provider))
        .hasMessageContaining("STORAGE_FULL");
  }

  @Test
  void aPeerMayOnlyAnnounceItselfAsProvider() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS);
    PeerId sender = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    PeerInfo other = new PeerInfo(PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey()), List.of());
    assertThatThrownBy(() -> keeper.addProvider(Optional.of(sender), new byte[] {1}, other))
        .hasMessageContaining("INVALID_RECORD");
    keeper.addProvider(Optional.of(other.id()), new byte[] {1}, other);
    assertThat(keeper.providers(new byte[] {1}, 20)).extracting(PeerInfo::id).containsExactly(other.id());
  }

  @Test
  void refusesAKeyInNoKnownNamespace() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS);
    assertThatThrownBy(() -> keeper.put(Optional.empty(), "/unknown/x".getBytes(), new byte[] {1}))
        .hasMessageContaining("INVALID_RECORD");
  }

  @Test
  void theCountIsTheNumberOfStoredEntriesOverPutsOverwritesExpiryPurgeAndRestart() {
    PeerId sender = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    PrivKey a = Keys.generateEd25519(RANDOM);
    PrivKey b = Keys.generateEd25519(RANDOM);
    PrivKey c = Keys.generateEd25519(RANDOM);
    PeerInfo p1 = provider();
    PeerInfo p2 = provider();
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("records"))) {
      RecordKeeper keeper = new RecordKeeper(store, Validators.rvntDefault(), DhtConfig.DEFAULTS, clock);
      keeper.put(Optional.of(sender), presenceKey(a), presence(a, 1));
      keeper.put(Optional.of(sender), presenceKey(b), presence(b, 1));
      keeper.put(Optional.empty(), presenceKey(c), presence(c, 1));
      assertCountIsStored(keeper, store, 3, "three new values");
      keeper.put(Optional.of(sender), presenceKey(a), presence(a, 2));
      keeper.put(Optional.of(sender), presenceKey(a), presence(a, 2));
      assertCountIsStored(keeper, store, 3, "a live value overwritten, then the same value again");
      keeper.addProvider(Optional.of(p1.id()), new byte[] {1}, p1);
      keeper.addProvider(Optional.of(p2.id()), new byte[] {1}, p2);
      keeper.addProvider(Optional.of(p1.id()), new byte[] {1}, p1);
      assertCountIsStored(keeper, store, 5, "two providers added, one refreshed");

      clock.advance(PAST_TTL);
      keeper.put(Optional.of(sender), presenceKey(a), presence(a, 3));
      assertCountIsStored(keeper, store, 5, "an expired value overwritten takes its place, not a second one");
      keeper.addProvider(Optional.of(p1.id()), new byte[] {1}, p1);
      assertCountIsStored(keeper, store, 5, "an expired provider entry refreshed takes its place");
      assertThat(keeper.get(presenceKey(b))).as("an expired value is not served").isEmpty();
      assertCountIsStored(keeper, store, 4, "reading an expired value deletes it");
      assertThat(keeper.providers(new byte[] {1}, 20)).extracting(PeerInfo::id).containsExactly(p1.id());
      assertCountIsStored(keeper, store, 3, "listing providers deletes the expired one");
      assertThat(keeper.expire(100)).as("the purge deletes what is left expired: c's value").isEqualTo(1);
      assertCountIsStored(keeper, store, 2, "after the purge: a's new value and p1's refreshed entry");
      assertThat(keeper.expire(100)).as("a second purge finds nothing").isZero();
    }
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("records"))) {
      RecordKeeper keeper = new RecordKeeper(store, Validators.rvntDefault(), DhtConfig.DEFAULTS, clock);
      assertCountIsStored(keeper, store, 2, "a restart over the same directory counts the same entries");
      assertThat(keeper.get(presenceKey(a))).as("the live value survives the restart").isPresent();
    }
  }

  @Test
  void overwritingExpiredRecordsNeverFillsTheNode() {
    RecordKeeper keeper = keeper(DhtConfig.DEFAULTS.withRecordLimits(2, 2));
    PeerId sender = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    PrivKey a = Keys.generateEd25519(RANDOM);
    PrivKey b = Keys.generateEd25519(RANDOM);
    PeerInfo p = provider();
    for (int round = 1; round <= 3; round++) {
      if (round > 1) {
        clock.advance(PAST_TTL);
      }
      keeper.put(Optional.of(sender), presenceKey(a), presence(a, round));
      keeper.put(Optional.of(sender), presenceKey(b), presence(b, round));
      assertThat(keeper.count()).as("round %d: two values, however often they expired before", round)
          .isEqualTo(2);
    }
    PrivKey third = Keys.generateEd25519(RANDOM);
    assertThatThrownBy(() -> keeper.put(Optional.empty(), presenceKey(third), presence(third, 1)))
        .as("a third entry while two live ones are stored is over the node's total")
        .isInstanceOf(DhtException.class).hasMessageContaining("STORAGE_FULL");
    clock.advance(PAST_TTL);
    assertThat(keeper.expire(100)).isEqualTo(2);
    assertThat(keeper.count()).isZero();
    keeper.addProvider(Optional.of(p.id()), new byte[] {7}, p);
    keeper.addProvider(Optional.of(p.id()), new byte[] {8}, p);
    clock.advance(PAST_TTL);
    keeper.addProvider(Optional.of(p.id()), new byte[] {7}, p);
    keeper.addProvider(Optional.of(p.id()), new byte[] {8}, p);
    assertThat(keeper.count()).as("expired provider entries re-announced take their own places").isEqualTo(2);
  }

  private static void assertCountIsStored(RecordKeeper keeper, RecordStore store, long expected, String step) {
    long[] stored = {0};
    store.scan(new byte[0], (k, v) -> ++stored[0] > 0);
    assertThat(stored[0]).as("entries in the store after: %s", step).isEqualTo(expected);
    assertThat(keeper.count()).as("the count equals the stored entries after: %s", step).isEqualTo(expected);
  }

  private static byte[] presenceKey(PrivKey key) {
    return PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey()));
  }

  /** A record valid for a day from the clock's now. */
  private byte[] presence(PrivKey key, long seq) {
    return PresenceRecords.sign(key, List.of(), seq, clock.instant().plus(Duration.ofHours(24)));
  }

  private static PeerInfo provider() {
    return new PeerInfo(PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey()),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")));
  }

  private RecordKeeper keeper(DhtConfig config) {
    return new RecordKeeper(new InMemoryRecordStore(), Validators.rvntDefault(), config, clock);
  }

  @Test
  void aWriteTheFullDiskRefusesIsNotCountedAndAnExpiredRecordItCannotDeleteIsStillNotServed() {
    InMemoryRecordStore memory = new InMemoryRecordStore();
    boolean[] diskFull = {false};
    RecordStore store = new RecordStore() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return memory.get(key);
      }

      @Override
      public void put(byte[] key, byte[] value) {
        refuseIfFull();
        memory.put(key, value);
      }

      @Override
      public void delete(byte[] key) {
        refuseIfFull();
        memory.delete(key);
      }

      @Override
      public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {
        memory.scan(prefix, visitor);
      }

      @Override
      public void close() {}

      private void refuseIfFull() {
        if (diskFull[0]) {
          throw new DhtException(DhtException.Reason.STORAGE_FULL, "disk full");
        }
      }
    };
    RecordKeeper keeper = new RecordKeeper(store, Validators.rvntDefault(), DhtConfig.DEFAULTS.withRecordLimits(1, 1),
        clock);
    PeerId from = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    PrivKey key = Keys.generateEd25519(RANDOM);
    byte[] k = PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey()));
    byte[] record = PresenceRecords.sign(key, List.of(), 1, START.plusSeconds(60));

    diskFull[0] = true;
    assertThatThrownBy(() -> keeper.put(Optional.of(from), k, record)).isInstanceOf(DhtException.class)
        .hasMessageContaining("STORAGE_FULL");
    assertThat(keeper.count()).as("a refused write takes no room of the node's or the peer's share").isZero();
    diskFull[0] = false;
    keeper.put(Optional.of(from), k, record);
    assertThat(keeper.count()).as("the peer's one entry, stored once space returned").isEqualTo(1);

    diskFull[0] = true;
    clock.set(START.plusSeconds(61));
    assertThat(keeper.get(k)).as("expired: not served, though the full disk keeps it for a later purge").isEmpty();
    assertThat(keeper.count()).isEqualTo(1);
  }
}
