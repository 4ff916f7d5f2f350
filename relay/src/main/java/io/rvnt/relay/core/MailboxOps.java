package io.rvnt.relay.core;

import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The writes of mailboxes: create (spec §6.2), register deposit ids (§6.3), delete (§6.6). */
final class MailboxOps {

  private MailboxOps() {}

  /** Stores the mailbox's public key; false if the mailbox existed (creating is idempotent). */
  static final class Create extends Writer.Op<Boolean> {
    private final Ledger ledger;
    private final RelayCounters counters;
    private final byte[] mailbox;
    private final byte[] publicKey;

    Create(Ledger ledger, RelayCounters counters, byte[] mailbox, byte[] publicKey) {
      this.ledger = ledger;
      this.counters = counters;
      this.mailbox = mailbox;
      this.publicKey = publicKey;
    }

    @Override
    Boolean stage(RelayStore.Transaction tx) {
      byte[] key = RelayKeys.mailbox(mailbox);
      if (tx.get(key).isPresent()) {
        return false;
      }
      tx.put(key, publicKey);
      ledger.mailboxAdded();
      return true;
    }

    @Override
    void committed(Boolean created) {
      if (created) {
        counters.mailboxCreated();
      }
    }
  }

  /** Makes {@code depositIds} the mailbox's complete list for {@code day}, dropping ids of an earlier list. */
  static final class Register extends Writer.Op<Void> {
    private final RelayCounters counters;
    private final byte[] mailbox;
    private final int day;
    private final List<byte[]> depositIds;

    Register(RelayCounters counters, byte[] mailbox, int day, List<byte[]> depositIds) {
      this.counters = counters;
      this.mailbox = mailbox;
      this.day = day;
      this.depositIds = depositIds;
    }

    @Override
    Void stage(RelayStore.Transaction tx) {
      if (tx.get(RelayKeys.mailbox(mailbox)).isEmpty()) {
        throw new RelayException(RelayStatus.UNKNOWN_MAILBOX, "no such mailbox");
      }
      for (byte[] id : depositIds) {
        Optional<byte[]> owner = tx.get(RelayKeys.deposit(id));
        if (owner.isPresent() && !Arrays.equals(owner.get(), 0, RelayIds.ID_BYTES, mailbox, 0, RelayIds.ID_BYTES)) {
          throw new RelayException(RelayStatus.DEPOSIT_ID_TAKEN, "a deposit id belongs to another mailbox");
        }
      }
      byte[] target = RelayKeys.depositTarget(mailbox, day);
      byte[] registrationKey = RelayKeys.registration(day, mailbox);
      Set<ByteBuffer> kept = new HashSet<>();
      depositIds.forEach(id -> kept.add(ByteBuffer.wrap(id)));
      for (byte[] old : split(tx.get(registrationKey).orElse(new byte[0]))) {
        if (!kept.contains(ByteBuffer.wrap(old))) {
          dropDepositId(tx, old, target);
        }
      }
      ByteArrayOutputStream list = new ByteArrayOutputStream(depositIds.size() * RelayIds.ID_BYTES);
      for (byte[] id : depositIds) {
        tx.put(RelayKeys.deposit(id), target);
        list.writeBytes(id);
      }
      if (depositIds.isEmpty()) {
        tx.delete(registrationKey);
      } else {
        tx.put(registrationKey, list.toByteArray());
      }
      return null;
    }

    @Override
    void committed(Void value) {
      counters.registered();
    }
  }

  /**
   * Deletes a mailbox with its envelopes and registrations; false if there was none. Exclusive: it scans what is
   * committed, so it runs in a commit of its own.
   */
  static final class Delete extends Writer.Op<Boolean> {
    private final RelayStore store;
    private final Ledger ledger;
    private final RelayCounters counters;
    private final int today;
    private final int lastRegistrationDay;
    private final byte[] mailbox;

    Delete(RelayStore store, Ledger ledger, RelayCounters counters, int today, int lastRegistrationDay,
        byte[] mailbox) {
      this.store = store;
      this.ledger = ledger;
      this.counters = counters;
      this.today = today;
      this.lastRegistrationDay = lastRegistrationDay;
      this.mailbox = mailbox;
    }

    @Override
    boolean exclusive() {
      return true;
    }

    @Override
    Boolean stage(RelayStore.Transaction tx) {
      if (tx.get(RelayKeys.mailbox(mailbox)).isEmpty()) {
        return false;
      }
      tx.delete(RelayKeys.mailbox(mailbox));
      ledger.mailboxRemoved();
      int[] envelopes = {0};
      long[] bytes = {0};
      for (int day = firstDay(store, RelayKeys.ENVELOPE, today); day <= today + 1; day++) {
        store.scan(RelayKeys.mailboxDayStart(day, mailbox), RelayKeys.mailboxDayEnd(day, mailbox), (key, blob) -> {
          tx.delete(key);
          envelopes[0]++;
          bytes[0] += blob.length;
          return true;
        });
      }
      ledger.change(tx, mailbox, -envelopes[0], -bytes[0]);
      for (int day = firstDay(store, RelayKeys.REGISTRATION, today); day <= lastRegistrationDay; day++) {
        byte[] key = RelayKeys.registration(day, mailbox);
        Optional<byte[]> list = store.get(key);
        if (list.isPresent()) {
          byte[] target = RelayKeys.depositTarget(mailbox, day);
          for (byte[] id : split(list.get())) {
            dropDepositId(tx, id, target);
          }
          tx.delete(key);
        }
      }
      return true;
    }

    @Override
    void committed(Boolean deleted) {
      if (deleted) {
        counters.mailboxDeleted();
      }
    }
  }

  /** The day of the first key of a day-keyed family ('e' or 's'); {@code fallback} when it has none. */
  static int firstDay(RelayStore store, byte family, int fallback) {
    int[] first = {fallback};
    store.scan(RelayKeys.familyStart(family), RelayKeys.familyEnd(family), (key, value) -> {
      first[0] = Math.min(fallback, RelayKeys.dayOf(key));
      return false;
    });
    return first[0];
  }

  /** Deletes a deposit id if it still points at {@code target} (its mailbox and day), as registered. */
  static void dropDepositId(RelayStore.Transaction tx, byte[] depositId, byte[] target) {
    byte[] key = RelayKeys.deposit(depositId);
    Optional<byte[]> current = tx.get(key);
    if (current.isPresent() && Arrays.equals(current.get(), target)) {
      tx.delete(key);
    }
  }

  static List<byte[]> split(byte[] list) {
    List<byte[]> ids = new ArrayList<>(list.length / RelayIds.ID_BYTES);
    for (int i = 0; i + RelayIds.ID_BYTES <= list.length; i += RelayIds.ID_BYTES) {
      ids.add(Arrays.copyOfRange(list, i, i + RelayIds.ID_BYTES));
    }
    return ids;
  }
}
