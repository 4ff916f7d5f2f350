package io.rvnt.relay.protocol;

/**
 * The status of a relay response (spec §7), numbered as {@code rvnt.relay.v1.Status} in relay.proto. Everything but
 * {@link #OK} is a refusal that changed nothing.
 */
public enum RelayStatus {
  OK,
  MALFORMED,
  TOO_LARGE,
  BAD_PADDING,
  BAD_CHALLENGE,
  STALE_CHALLENGE,
  BAD_KEY,
  BAD_SIGNATURE,
  POW_INSUFFICIENT,
  UNKNOWN_MAILBOX,
  UNKNOWN_DEPOSIT_ID,
  DEPOSIT_ID_TAKEN,
  BAD_DAY,
  TOO_MANY_IDS,
  QUOTA_EXCEEDED,
  STORAGE_FULL,
  RATE_LIMITED,
  UNAVAILABLE;

  /** The wire number; the enum's order is the schema's. */
  public int number() {
    return ordinal();
  }

  /** The status of a wire number; an unknown number (a newer relay) reads as {@link #UNAVAILABLE}. */
  public static RelayStatus ofNumber(int number) {
    RelayStatus[] all = values();
    return number >= 0 && number < all.length ? all[number] : UNAVAILABLE;
  }
}
