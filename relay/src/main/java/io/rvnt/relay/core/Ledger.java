package io.rvnt.relay.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The quota counters of every mailbox (the 'c' family), kept in memory so that a deposit's quota check reads no
 * disk, and the totals behind the gauges. Loaded once from the store; afterwards only the writer thread touches it
 * (not thread-safe), and it writes every change it makes into the transaction of the same commit.
 */
final class Ledger {

  /** A mailbox id as a map key. */
  record MailboxId(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MailboxId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "MailboxId[redacted]";
    }
  }

  /** Waiting envelopes of one mailbox and their bytes. */
  static final class Usage {
    int envelopes;
    long bytes;
  }

  private final Map<MailboxId, Usage> usage = new HashMap<>();
  private final RelayCounters counters;
  private long envelopes;
  private long bytes;
  private long mailboxes;

  Ledger(RelayCounters counters) {
    this.counters = counters;
  }

  /** Reads the counters and counts the mailboxes of {@code store}. */
  void load(RelayStore store) {
    usage.clear();
    envelopes = 0;
    bytes = 0;
    mailboxes = 0;
    store.scan(RelayKeys.familyStart(RelayKeys.COUNTERS), RelayKeys.familyEnd(RelayKeys.COUNTERS), (key, value) -> {
      Usage u = decode(value);
      usage.put(new MailboxId(Arrays.copyOfRange(key, 1, key.length)), u);
      envelopes += u.envelopes;
      bytes += u.bytes;
      return true;
    });
    store.scan(RelayKeys.familyStart(RelayKeys.MAILBOX), RelayKeys.familyEnd(RelayKeys.MAILBOX), (key, value) -> {
      mailboxes++;
      return true;
    });
    publish();
  }

  /** The usage of a mailbox; zero for one without waiting envelopes. */
  Usage of(byte[] mailboxId) {
    Usage u = usage.get(new MailboxId(mailboxId));
    return u != null ? u : new Usage();
  }

  /** Adds (or with negative values removes) envelopes of a mailbox and stages its counters in {@code tx}. */
  void change(RelayStore.Transaction tx, byte[] mailboxId, int envelopeDelta, long byteDelta) {
    MailboxId id = new MailboxId(mailboxId);
    Usage u = usage.computeIfAbsent(id, k -> new Usage());
    u.envelopes = Math.max(0, u.envelopes + envelopeDelta);
    u.bytes = Math.max(0, u.bytes + byteDelta);
    envelopes += envelopeDelta;
    bytes += byteDelta;
    if (u.envelopes == 0) {
      usage.remove(id);
      tx.delete(RelayKeys.counters(mailboxId));
    } else {
      tx.put(RelayKeys.counters(mailboxId), ByteBuffer.allocate(12).putInt(u.envelopes).putLong(u.bytes).array());
    }
  }

  void mailboxAdded() {
    mailboxes++;
  }

  void mailboxRemoved() {
    mailboxes--;
  }

  /** Sets the gauges; called after every commit. */
  void publish() {
    counters.held(envelopes, bytes, mailboxes);
  }

  private static Usage decode(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    Usage u = new Usage();
    u.envelopes = b.getInt();
    u.bytes = b.getLong();
    return u;
  }
}
