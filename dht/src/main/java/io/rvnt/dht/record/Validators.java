package io.rvnt.dht.record;

import io.rvnt.dht.DhtException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The validators of a node by namespace: a key {@code /ns/rest} goes to the validator of {@code ns}; a key of any
 * other shape or namespace is refused, as libp2p-record does.
 */
public final class Validators {

  private final Map<String, RecordValidator> byNamespace;

  private Validators(Map<String, RecordValidator> byNamespace) {
    this.byNamespace = Map.copyOf(byNamespace);
  }

  public static Validators of(Map<String, RecordValidator> byNamespace) {
    return new Validators(byNamespace);
  }

  /** RVNT's default: presence records only. */
  public static Validators rvntDefault() {
    return of(Map.of(PresenceRecordValidator.NAMESPACE, new PresenceRecordValidator()));
  }

  public void validate(byte[] key, byte[] value, Instant now) {
    validator(key).validate(key, value, now);
  }

  public int select(byte[] key, List<byte[]> values) {
    return validator(key).select(key, values);
  }

  private RecordValidator validator(byte[] key) {
    String ns = namespace(key);
    RecordValidator v = ns == null ? null : byNamespace.get(ns);
    if (v == null) {
      throw new DhtException(DhtException.Reason.INVALID_RECORD, "no validator for the key's namespace");
    }
    return v;
  }

  /** The namespace of a {@code /ns/...} key, or null. */
  static String namespace(byte[] key) {
    if (key.length < 3 || key[0] != '/') {
      return null;
    }
    for (int i = 1; i < key.length; i++) {
      if (key[i] == '/') {
        return i == 1 ? null : new String(key, 1, i - 1, StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
