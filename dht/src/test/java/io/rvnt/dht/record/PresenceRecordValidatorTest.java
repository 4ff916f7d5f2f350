package io.rvnt.dht.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.rvnt.dht.DhtException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.protocol.crypto.TorsionSignatures;
import io.rvnt.protocol.presence.PresenceRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceRecordValidatorTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final PresenceRecordValidator validator = new PresenceRecordValidator();
  private final PrivKey key = Keys.generateEd25519(RANDOM);
  private final byte[] dhtKey = PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey()));
  private final List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));

  @Test
  void acceptsARecordSignedByThePeerItNames() {
    validator.validate(dhtKey, PresenceRecords.sign(key, addrs, 1, NOW.plusSeconds(60)), NOW);
  }

  @Test
  void refusesARecordSignedByAnotherKey() {
    byte[] forged = PresenceRecords.sign(Keys.generateEd25519(RANDOM), addrs, 1, NOW.plusSeconds(60));
    assertRefused(dhtKey, forged, "names another peer");
  }

  @Test
  void refusesARecordWhoseSignatureDoesNotCoverItsContent() throws Exception {
    byte[] signed = PresenceRecords.sign(key, addrs, 1, NOW.plusSeconds(60));
    byte[] tampered = PresenceRecord.parseFrom(signed).toBuilder().setSeq(99).build().toByteArray();
    assertRefused(dhtKey, tampered, "bad signature");
  }

  @Test
  void refusesARecordWhoseSignatureHoldsOnlyUnderTheCofactoredEquation() throws Exception {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    // A libp2p PrivateKey protobuf: type Ed25519 (field 1 = 1), data the 32-byte seed (field 2).
    byte[] protobuf = new byte[4 + 32];
    System.arraycopy(new byte[] {0x08, 0x01, 0x12, 0x20}, 0, protobuf, 0, 4);
    System.arraycopy(seed, 0, protobuf, 4, 32);
    PrivKey owner = Keys.unmarshalPrivateKey(protobuf);
    byte[] ownerKey = PresenceRecordValidator.key(PeerId.fromPublicKey(owner.publicKey()));
    PresenceRecord honest = PresenceRecord.parseFrom(PresenceRecords.sign(owner, addrs, 1, NOW.plusSeconds(60)));
    validator.validate(ownerKey, honest.toByteArray(), NOW);
    byte[] forged = honest.toBuilder()
        .setSignature(ByteString.copyFrom(
            TorsionSignatures.cofactoredOnly(seed, PresenceRecordValidator.signedBytes(honest))))
        .build().toByteArray();
    assertRefused(ownerKey, forged, "bad signature");
  }

  @Test
  void refusesAnExpiredRecord() {
    assertRefused(dhtKey, PresenceRecords.sign(key, addrs, 1, NOW.minusMillis(1)), "expired");
  }

  @Test
  void refusesARecordClaimingToLiveLongerThanTheMaximum() {
    byte[] forever = PresenceRecords.sign(key, addrs, 1, NOW.plus(Duration.ofDays(30)));
    assertRefused(dhtKey, forever, "longer");
  }

  @Test
  void refusesBytesThatAreNotAPresenceRecord() {
    assertRefused(dhtKey, new byte[] {(byte) 0xff, 1, 2}, "not a presence record");
  }

  @Test
  void theHighestSequenceNumberWins() {
    byte[] first = PresenceRecords.sign(key, addrs, 1, NOW.plusSeconds(600));
    byte[] second = PresenceRecords.sign(key, addrs, 2, NOW.plusSeconds(60));
    assertThat(validator.select(dhtKey, List.of(first, second))).isEqualTo(1);
    assertThat(validator.select(dhtKey, List.of(second, first))).isEqualTo(0);
  }

  private void assertRefused(byte[] k, byte[] value, String why) {
    assertThatThrownBy(() -> validator.validate(k, value, NOW)).isInstanceOf(DhtException.class)
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(((DhtException) e).reason()).isEqualTo(DhtException.Reason.INVALID_RECORD));
  }
}
