package io.rvnt.relay.core;

import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayStatus;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The writes of envelopes: a deposit (spec §6.4) and the acknowledgements of a collect (spec §6.5). */
final class EnvelopeOps {

  private EnvelopeOps() {}

  /** Stores one envelope under the current day; true if stored, false if the same blob was already there today. */
  static final class Deposit extends Writer.Op<Boolean> {
    private final Ledger ledger;
    private final RelayLimits limits;
    private final RelayCounters counters;
    private final int today;
    private final byte[] depositId;
    private final byte[] envelopeId;
    private final byte[] blob;

    Deposit(Ledger ledger, RelayLimits limits, RelayCounters counters, int today, byte[] depositId,
        byte[] envelopeId, byte[] blob) {
      this.ledger = ledger;
      this.limits = limits;
      this.counters = counters;
      this.today = today;
      this.depositId = depositId;
      this.envelopeId = envelopeId;
      this.blob = blob;
    }

    @Override
    Boolean stage(RelayStore.Transaction tx) {
      // Spec §6.4 steps 4-6, in order.
      byte[] target = tx.get(RelayKeys.deposit(depositId)).orElseThrow(Deposit::unknown);
      byte[] mailbox = Arrays.copyOf(target, RelayIds.ID_BYTES);
      int day = ByteBuffer.wrap(target, RelayIds.ID_BYTES, 4).getInt();
      if (day < today - 1 || day > today + 1 || tx.get(RelayKeys.mailbox(mailbox)).isEmpty()) {
        throw unknown();
      }
      byte[] key = RelayKeys.envelope(today, mailbox, envelopeId);
      if (tx.get(key).isPresent()) {
        return false;
      }
      Ledger.Usage usage = ledger.of(mailbox);
      if (usage.envelopes + 1 > limits.maxEnvelopesPerMailbox()
          || usage.bytes + blob.length > limits.maxBytesPerMailbox()) {
        throw new RelayException(RelayStatus.QUOTA_EXCEEDED, "the mailbox is full");
      }
      tx.put(key, blob);
      ledger.change(tx, mailbox, 1, blob.length);
      return true;
    }

    @Override
    void committed(Boolean stored) {
      if (stored) {
        counters.deposited();
      } else {
        counters.duplicateDeposit();
      }
    }

    private static RelayException unknown() {
      return new RelayException(RelayStatus.UNKNOWN_DEPOSIT_ID, "no mailbox takes deposits for this id today");
    }
  }

  /**
   * Deletes the acknowledged envelopes of one mailbox; returns how many there were. Ids it does not hold (already
   * deleted, expired, never there, or a mailbox that does not exist) are no error: the answer is the same.
   */
  static final class Acknowledge extends Writer.Op<Integer> {
    private final Ledger ledger;
    private final RelayCounters counters;
    private final int firstDay;
    private final int today;
    private final byte[] mailbox;
    private final List<byte[]> acknowledged;

    /** Looks for each id on the days from {@code firstDay} to {@code today}. */
    Acknowledge(Ledger ledger, RelayCounters counters, int firstDay, int today, byte[] mailbox,
        List<byte[]> acknowledged) {
      this.ledger = ledger;
      this.counters = counters;
      this.firstDay = firstDay;
      this.today = today;
      this.mailbox = mailbox;
      this.acknowledged = acknowledged;
    }

    @Override
    Integer stage(RelayStore.Transaction tx) {
      int deleted = 0;
      for (byte[] id : acknowledged) {
        for (int day = today; day >= firstDay; day--) {
          byte[] key = RelayKeys.envelope(day, mailbox, id);
          Optional<byte[]> blob = tx.get(key);
          if (blob.isPresent()) {
            tx.delete(key);
            ledger.change(tx, mailbox, -1, -blob.get().length);
            deleted++;
            break;
          }
        }
      }
      return deleted;
    }

    @Override
    void committed(Integer deleted) {
      counters.acknowledged(deleted);
    }
  }
}
