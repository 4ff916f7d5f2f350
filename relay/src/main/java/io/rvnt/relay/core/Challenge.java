package io.rvnt.relay.core;

/**
 * A challenge the relay sent on a stream (spec §5.1): 32 random bytes and when they were sent. The stream keeps the
 * latest one; it is the only one a signed request may answer, and answering it uses it up.
 */
public record Challenge(byte[] bytes, long issuedAtMillis) {
  public Challenge {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
