package io.rvnt.relay.core;

import io.rvnt.relay.protocol.RelayStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The relay's aggregate counters, what its admin listener will publish: envelopes and bytes held, mailboxes,
 * deposits, collections, acknowledgements, expiries, and refusals by reason. Counts only: nothing here can name a
 * mailbox, a deposit id or a connection (invariant 1). Counters reset with the process; gauges are exact. Rates
 * ("per minute") are the scraper's to compute from the counters. Thread-safe.
 */
public final class RelayCounters {
  private static final Logger LOG = Logger.getLogger(RelayCounters.class.getName());

  /** A consistent-enough reading of every counter, for a metrics writer. */
  public record Snapshot(long envelopesHeld, long bytesHeld, long mailboxes, long deposits, long duplicateDeposits,
      long collects, long envelopesDelivered, long acknowledged, long expired, long mailboxesCreated,
      long mailboxesDeleted, long registrations, long commits, Map<RelayStatus, Long> refused) {
    public Snapshot {
      refused = Map.copyOf(refused);
    }
  }

  // Gauges, set by the writer thread.
  private final AtomicLong envelopesHeld = new AtomicLong();
  private final AtomicLong bytesHeld = new AtomicLong();
  private final AtomicLong mailboxes = new AtomicLong();

  private final LongAdder deposits = new LongAdder();
  private final LongAdder duplicateDeposits = new LongAdder();
  private final LongAdder collects = new LongAdder();
  private final LongAdder envelopesDelivered = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder mailboxesCreated = new LongAdder();
  private final LongAdder mailboxesDeleted = new LongAdder();
  private final LongAdder registrations = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final Map<RelayStatus, LongAdder> refused = new EnumMap<>(RelayStatus.class);

  public RelayCounters() {
    for (RelayStatus s : RelayStatus.values()) {
      if (s != RelayStatus.OK) {
        refused.put(s, new LongAdder());
      }
    }
  }

  /**
   * A request refused with {@code status}; called wherever the refusal is decided. Logged at debug level by its
   * status alone: which mailbox, deposit id or connection it concerned is nobody's business (invariant 1).
   */
  public void refused(RelayStatus status) {
    refused.get(status).increment();
    LOG.log(Level.FINE, "relay request refused: {0}", status);
  }

  void held(long envelopes, long bytes, long mailboxCount) {
    envelopesHeld.set(envelopes);
    bytesHeld.set(bytes);
    mailboxes.set(mailboxCount);
  }

  void deposited() {
    deposits.increment();
  }

  void duplicateDeposit() {
    duplicateDeposits.increment();
  }

  void collected(int delivered) {
    collects.increment();
    envelopesDelivered.add(delivered);
  }

  void acknowledged(int count) {
    acknowledged.add(count);
  }

  void expired(int count) {
    expired.add(count);
  }

  void mailboxCreated() {
    mailboxesCreated.increment();
  }

  void mailboxDeleted() {
    mailboxesDeleted.increment();
  }

  void registered() {
    registrations.increment();
  }

  void committed() {
    commits.increment();
  }

  public Snapshot snapshot() {
    Map<RelayStatus, Long> refusals = new EnumMap<>(RelayStatus.class);
    refused.forEach((status, count) -> refusals.put(status, count.sum()));
    return new Snapshot(envelopesHeld.get(), bytesHeld.get(), mailboxes.get(), deposits.sum(),
        duplicateDeposits.sum(), collects.sum(), envelopesDelivered.sum(), acknowledged.sum(), expired.sum(),
        mailboxesCreated.sum(), mailboxesDeleted.sum(), registrations.sum(), commits.sum(), refusals);
  }
}
