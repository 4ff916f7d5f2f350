package io.rvnt.relay.core;

/**
 * Spec §6.7: deletes, with synced writes, the envelopes whose receipt day is out of retention and the registrations
 * of days on which no deposit is accepted any more. At most {@code chunk} keys per commit, so that deposits queued
 * behind a long purge wait for one chunk only; when a chunk is full ({@link #hasMore()}) the caller queues the next.
 * Returns the number of envelopes it deleted.
 */
final class Purge extends Writer.Op<Integer> {

  private final RelayStore store;
  private final Ledger ledger;
  private final RelayCounters counters;
  private final int firstRetainedDay;
  private final int firstRegistrationDay;
  private final int chunk;
  private boolean more;

  /**
   * @param firstRetainedDay envelopes received before this day are deleted
   * @param firstRegistrationDay registrations of days before this one are deleted
   */
  Purge(RelayStore store, Ledger ledger, RelayCounters counters, int firstRetainedDay, int firstRegistrationDay,
      int chunk) {
    this.store = store;
    this.ledger = ledger;
    this.counters = counters;
    this.firstRetainedDay = firstRetainedDay;
    this.firstRegistrationDay = firstRegistrationDay;
    this.chunk = chunk;
  }

  @Override
  boolean exclusive() {
    return true;
  }

  @Override
  Integer stage(RelayStore.Transaction tx) {
    int[] keys = {0};
    int[] envelopes = {0};
    store.scan(RelayKeys.familyStart(RelayKeys.ENVELOPE), RelayKeys.dayStart(RelayKeys.ENVELOPE, firstRetainedDay),
        (key, blob) -> {
          tx.delete(key);
          ledger.change(tx, RelayKeys.mailboxOf(key), -1, -blob.length);
          envelopes[0]++;
          return ++keys[0] < chunk;
        });
    if (keys[0] < chunk) {
      store.scan(RelayKeys.familyStart(RelayKeys.REGISTRATION),
          RelayKeys.dayStart(RelayKeys.REGISTRATION, firstRegistrationDay), (key, list) -> {
            byte[] target = RelayKeys.depositTarget(RelayKeys.mailboxOf(key), RelayKeys.dayOf(key));
            for (byte[] id : MailboxOps.split(list)) {
              MailboxOps.dropDepositId(tx, id, target);
              keys[0]++;
            }
            tx.delete(key);
            return ++keys[0] < chunk;
          });
    }
    more = keys[0] >= chunk;
    return envelopes[0];
  }

  @Override
  void committed(Integer expired) {
    counters.expired(expired);
  }

  boolean hasMore() {
    return more;
  }
}
