package io.rvnt.dht.record;

import java.time.Instant;
import java.util.List;

/**
 * Decides which records of one namespace ({@code /ns/...} keys, libp2p-record's convention) the DHT may store and
 * return, and which of several is best. Implementations must be strict: a value that fails {@link #validate} is
 * never stored nor handed to a caller.
 */
public interface RecordValidator {

  /** @throws io.rvnt.dht.DhtException INVALID_RECORD with the reason, for a record that must be refused */
  void validate(byte[] key, byte[] value, Instant now);

  /** The index of the best of {@code values}, all valid for {@code key}. */
  int select(byte[] key, List<byte[]> values);
}
