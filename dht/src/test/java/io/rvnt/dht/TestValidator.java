package io.rvnt.dht;

import io.rvnt.dht.record.PresenceRecordValidator;
import io.rvnt.dht.record.RecordValidator;
import io.rvnt.dht.record.Validators;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rule dht-peer.mjs applies to {@code /test/} records: any value up to 1 KiB, the first one found wins. Only
 * tests register it, next to the strict presence validator.
 */
final class TestValidator implements RecordValidator {

  static final int MAX_VALUE = 1024;

  static Validators withPresence() {
    return Validators.of(Map.of("test", new TestValidator(),
        PresenceRecordValidator.NAMESPACE, new PresenceRecordValidator()));
  }

  @Override
  public void validate(byte[] key, byte[] value, Instant now) {
    if (value.length > MAX_VALUE) {
      throw new DhtException(DhtException.Reason.INVALID_RECORD, "test record above 1 KiB");
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    return 0;
  }
}
