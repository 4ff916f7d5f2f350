package io.rvnt.relay.client;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.relay.protocol.RelayIds;

/**
 * A mailbox key (spec §4.2): an Ed25519 key of its own, never the owner's identity key. The reference client
 * derives one per relay from a master seed, {@code HMAC-SHA256(master, "rvnt-relay/1 mailbox-key" || 0x00 ||
 * relay_peer_id)}, so that the mailboxes of one recipient on several relays share nothing a relay could compare.
 * {@code toString} never prints the seed.
 */
public final class MailboxKey {

  private static final byte[] LABEL = "rvnt-relay/1 mailbox-key".getBytes(US_ASCII);

  private final byte[] seed;
  private final byte[] publicKey;

  private MailboxKey(byte[] seed) {
    this.seed = seed.clone();
    this.publicKey = Ed25519.publicKey(seed);
  }

  public static MailboxKey fromSeed(byte[] seed) {
    return new MailboxKey(seed);
  }

  /** The key for the relay with binary PeerId {@code relayPeerId}, derived from a 32-byte master seed. */
  public static MailboxKey forRelay(byte[] masterSeed, byte[] relayPeerId) {
    if (masterSeed.length != Ed25519.SEED_BYTES) {
      throw new IllegalArgumentException("a master seed is " + Ed25519.SEED_BYTES + " bytes");
    }
    return new MailboxKey(RelayIds.hmacSha256(masterSeed, LABEL, new byte[] {0}, relayPeerId));
  }

  byte[] seed() {
    return seed.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] mailboxId() {
    return RelayIds.mailboxId(publicKey);
  }

  @Override
  public String toString() {
    return "MailboxKey[redacted]";
  }
}
