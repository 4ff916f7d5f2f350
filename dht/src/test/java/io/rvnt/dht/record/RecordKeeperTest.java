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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordKeeperTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(START);

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

  private RecordKeeper keeper(DhtConfig config) {
    return new RecordKeeper(new InMemoryRecordStore(), Validators.rvntDefault(), config, clock);
  }
}
