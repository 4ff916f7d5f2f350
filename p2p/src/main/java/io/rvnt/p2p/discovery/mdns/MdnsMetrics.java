package io.rvnt.p2p.discovery.mdns;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Aggregate counters of the mDNS service: counts only, never an address or a name (invariant 1). Thread-safe. */
public final class MdnsMetrics {

  private final LongAdder received = new LongAdder();
  private final LongAdder queriesReceived = new LongAdder();
  private final LongAdder queriesSent = new LongAdder();
  private final LongAdder answersSent = new LongAdder();
  private final LongAdder answersSuppressed = new LongAdder();
  private final LongAdder announcementsAccepted = new LongAdder();
  private final LongAdder addressesIgnored = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final Map<MdnsException.Reason, LongAdder> refused = new EnumMap<>(MdnsException.Reason.class);

  public MdnsMetrics() {
    for (MdnsException.Reason r : MdnsException.Reason.values()) {
      refused.put(r, new LongAdder());
    }
  }

  void packetReceived() {
    received.increment();
  }

  void queryReceived() {
    queriesReceived.increment();
  }

  void querySent() {
    queriesSent.increment();
  }

  void answerSent() {
    answersSent.increment();
  }

  void answerSuppressed() {
    answersSuppressed.increment();
  }

  void announcementAccepted() {
    announcementsAccepted.increment();
  }

  void addressIgnored() {
    addressesIgnored.increment();
  }

  void sendFailed() {
    sendFailures.increment();
  }

  void refuse(MdnsException.Reason reason) {
    refused.get(reason).increment();
  }

  public long refused(MdnsException.Reason reason) {
    return refused.get(reason).sum();
  }

  public long packetsReceived() {
    return received.sum();
  }

  public long announcementsAccepted() {
    return announcementsAccepted.sum();
  }

  /** Every counter by its metric name, {@code mdns_...}; reasons as {@code mdns_refused_<reason>}. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("mdns_packets_received", received.sum());
    out.put("mdns_queries_received", queriesReceived.sum());
    out.put("mdns_queries_sent", queriesSent.sum());
    out.put("mdns_answers_sent", answersSent.sum());
    out.put("mdns_answers_suppressed", answersSuppressed.sum());
    out.put("mdns_announcements_accepted", announcementsAccepted.sum());
    out.put("mdns_addresses_ignored", addressesIgnored.sum());
    out.put("mdns_send_failures", sendFailures.sum());
    refused.forEach((r, n) -> out.put("mdns_refused_" + r.name().toLowerCase(Locale.ROOT), n.sum()));
    return out;
  }
}
