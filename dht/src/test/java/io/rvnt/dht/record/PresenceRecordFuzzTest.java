package io.rvnt.dht.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.dht.DhtException;
import io.rvnt.protocol.presence.PresenceRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Presence records stored in the DHT by anyone (FUZZING.md). The key is the one the record names, so that the
 * fuzzer reaches the signature and validity checks: a typed {@link DhtException} (INVALID_RECORD), or a record that
 * stays valid once re-encoded and that selection can read.
 */
class PresenceRecordFuzzTest {
  /** The seeds were signed to be valid at this moment. */
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final PresenceRecordValidator VALIDATOR = new PresenceRecordValidator();

  @FuzzTest
  void recordIsTypedErrorOrValidOnceReEncoded(byte[] value) {
    byte[] key = keyNamedBy(value);
    try {
      VALIDATOR.validate(key, value, NOW);
    } catch (DhtException expected) {
      assertThat(expected.reason()).isEqualTo(DhtException.Reason.INVALID_RECORD);
      return;
    }
    byte[] reEncoded = parse(value).toByteArray();
    VALIDATOR.validate(key, reEncoded, NOW);
    assertThat(VALIDATOR.select(key, List.of(value, reEncoded))).isBetween(0, 1);
  }

  private static byte[] keyNamedBy(byte[] value) {
    try {
      byte[] peer = PresenceRecord.parseFrom(value).getPeerId().toByteArray();
      byte[] key = Arrays.copyOf(PresenceRecordValidator.KEY_PREFIX, PresenceRecordValidator.KEY_PREFIX.length + peer.length);
      System.arraycopy(peer, 0, key, PresenceRecordValidator.KEY_PREFIX.length, peer.length);
      return key;
    } catch (InvalidProtocolBufferException e) {
      return PresenceRecordValidator.KEY_PREFIX;
    }
  }

  private static PresenceRecord parse(byte[] value) {
    try {
      return PresenceRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("a valid record parses", e);
    }
  }
}
