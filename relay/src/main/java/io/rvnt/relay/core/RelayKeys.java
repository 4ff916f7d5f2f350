package io.rvnt.relay.core;

import io.rvnt.relay.protocol.RelayIds;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The store's key schema (spec §9), the only one: five families, each a one-byte prefix and fixed-length fields.
 * Days are big-endian so that keys sort by day, which makes expiry a scan from the front.
 *
 * <pre>
 * 'm' mailbox_id                      → public_key (32)
 * 'c' mailbox_id                      → u32be(envelopes) || u64be(bytes)          (the mailbox's quota counters)
 * 'd' deposit_id                      → mailbox_id || u32be(day)                  (a registered deposit id)
 * 's' u32be(day) mailbox_id           → deposit_id*                              (the day's registration list)
 * 'e' u32be(day) mailbox_id envelope_id → blob                                   (day = receipt day)
 * </pre>
 */
public final class RelayKeys {

  public static final byte MAILBOX = 'm';
  public static final byte COUNTERS = 'c';
  public static final byte DEPOSIT = 'd';
  public static final byte REGISTRATION = 's';
  public static final byte ENVELOPE = 'e';

  static final int ID = RelayIds.ID_BYTES;

  private RelayKeys() {}

  static byte[] mailbox(byte[] mailboxId) {
    return prefixed(MAILBOX, mailboxId);
  }

  static byte[] counters(byte[] mailboxId) {
    return prefixed(COUNTERS, mailboxId);
  }

  static byte[] deposit(byte[] depositId) {
    return prefixed(DEPOSIT, depositId);
  }

  static byte[] registration(int day, byte[] mailboxId) {
    return ByteBuffer.allocate(1 + 4 + ID).put(REGISTRATION).putInt(day).put(mailboxId).array();
  }

  static byte[] envelope(int day, byte[] mailboxId, byte[] envelopeId) {
    return ByteBuffer.allocate(1 + 4 + 2 * ID).put(ENVELOPE).putInt(day).put(mailboxId).put(envelopeId).array();
  }

  /** The first key of {@code family} on {@code day}: scans of a family by day start and stop here. */
  static byte[] dayStart(byte family, int day) {
    return ByteBuffer.allocate(1 + 4).put(family).putInt(day).array();
  }

  /** The envelopes of one mailbox on one day: keys from here to {@link #mailboxDayEnd}. */
  static byte[] mailboxDayStart(int day, byte[] mailboxId) {
    return ByteBuffer.allocate(1 + 4 + ID).put(ENVELOPE).putInt(day).put(mailboxId).array();
  }

  static byte[] mailboxDayEnd(int day, byte[] mailboxId) {
    return increment(mailboxDayStart(day, mailboxId));
  }

  static byte[] familyStart(byte family) {
    return new byte[] {family};
  }

  static byte[] familyEnd(byte family) {
    return new byte[] {(byte) (family + 1)};
  }

  /** The day of an 'e' or 's' key. */
  static int dayOf(byte[] key) {
    return ByteBuffer.wrap(key, 1, 4).getInt();
  }

  /** The mailbox id of an 'e' or 's' key. */
  static byte[] mailboxOf(byte[] key) {
    return Arrays.copyOfRange(key, 5, 5 + ID);
  }

  static byte[] envelopeIdOf(byte[] key) {
    return Arrays.copyOfRange(key, 5 + ID, 5 + 2 * ID);
  }

  static byte[] depositTarget(byte[] mailboxId, int day) {
    return ByteBuffer.allocate(ID + 4).put(mailboxId).putInt(day).array();
  }

  private static byte[] prefixed(byte family, byte[] id) {
    byte[] key = new byte[1 + id.length];
    key[0] = family;
    System.arraycopy(id, 0, key, 1, id.length);
    return key;
  }

  /** The smallest key greater than every key that starts with {@code prefix}. */
  private static byte[] increment(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new AssertionError("a prefix of 0xff bytes only has no successor");
  }
}
