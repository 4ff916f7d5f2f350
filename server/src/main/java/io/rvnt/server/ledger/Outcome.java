package io.rvnt.server.ledger;

import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.store.StoredPreKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What applying a {@link Command} gave, as the proposer relays it to its client: a result, or a refusal with the
 * spec's error code. A refusal changed nothing of the user's data. {@code toString} prints no user data.
 */
public sealed interface Outcome {

  /** Spec §7.1. */
  record Registered(long registeredAtMs, int oneTimePreKeyCount) implements Outcome {}

  /** Spec §7.2: the encoded {@code StoredBundle} and the one-time prekey taken, if any was left. */
  record Bundle(byte[] storedBundle, Optional<StoredPreKey> oneTimePreKey) implements Outcome {
    public Bundle {
      storedBundle = storedBundle.clone();
      Objects.requireNonNull(oneTimePreKey, "oneTimePreKey");
    }

    @Override
    public byte[] storedBundle() {
      return storedBundle.clone();
    }

    @Override
    public String toString() {
      return "Bundle[one-time prekey: " + oneTimePreKey.isPresent() + "]";
    }
  }

  /** Spec §7.3, §7.4: the user's count of one-time prekeys. */
  record Count(int oneTimePreKeys) implements Outcome {}

  /** Spec §7.5. */
  record Deleted() implements Outcome {}

  /** A refusal: the code, fixed English that never carries request data, and for UNAVAILABLE a retry delay. */
  record Refused(ErrorCode code, String message, long retryAfterSeconds) implements Outcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    static Refused of(ErrorCode code, String message) {
      return new Refused(code, message, 0);
    }
  }
}
