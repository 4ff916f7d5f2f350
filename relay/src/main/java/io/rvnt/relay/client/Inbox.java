package io.rvnt.relay.client;

import io.rvnt.relay.protocol.CollectedEnvelope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recipient's view over several relays (spec §10): collects every mailbox until it is empty, acknowledging each
 * batch on the relay that delivered it, and returns each envelope once however many relays held it, by envelope id
 * (spec §4.3: the same blob has the same id everywhere). Remembers the ids it returned for the retention period, so
 * a slower relay's copy of an envelope collected days ago is still recognised. Not thread-safe.
 */
public final class Inbox {

  /** One mailbox on one relay. */
  public record Mailbox(RelaySession session, MailboxKey key) {}

  private final int batchSize;
  private final int retentionDays;
  // Envelope id → receipt day, for ids already returned.
  private final Map<ByteBuffer, Integer> seen = new HashMap<>();

  /**
   * @param batchSize envelopes asked for per collect
   * @param retentionDays how long a relay may hold an envelope (spec §8: 7); ids are remembered one day longer
   */
  public Inbox(int batchSize, int retentionDays) {
    this.batchSize = batchSize;
    this.retentionDays = retentionDays;
  }

  /** Empties every mailbox and returns the envelopes not returned before, in the order they arrived. */
  public List<CollectedEnvelope> collect(List<Mailbox> mailboxes, int today) throws IOException {
    seen.values().removeIf(day -> day < today - retentionDays);
    List<CollectedEnvelope> fresh = new ArrayList<>();
    for (Mailbox m : mailboxes) {
      List<byte[]> acknowledge = List.of();
      while (true) {
        RelaySession.Batch batch = m.session().collect(m.key(), acknowledge, batchSize);
        for (CollectedEnvelope e : batch.envelopes()) {
          if (seen.putIfAbsent(ByteBuffer.wrap(e.id()), e.day()) == null) {
            fresh.add(e);
          }
        }
        acknowledge = batch.envelopes().stream().map(CollectedEnvelope::id).toList();
        if (!batch.more()) {
          if (!acknowledge.isEmpty()) {
            m.session().collect(m.key(), acknowledge, 0);
          }
          break;
        }
      }
    }
    return fresh;
  }
}
