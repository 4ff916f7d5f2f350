package io.rvnt.dht;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.dht.wire.KadMessage;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Aggregate counters of a DHT node: queries served per type since start with their latency over the window every
 * server shares ({@link LatencyWindow}), refusals per reason, lookups. Nothing in it names a peer, an address or a
 * key (invariant 1). Thread-safe.
 */
public final class DhtMetrics {

  private final Map<KadMessage.Type, LongAdder> served = new EnumMap<>(KadMessage.Type.class);
  private final Map<KadMessage.Type, LatencyWindow> latency = new EnumMap<>(KadMessage.Type.class);
  private final Map<DhtException.Reason, LongAdder> refused = new EnumMap<>(DhtException.Reason.class);
  private final LongAdder lookups = new LongAdder();
  private final LongAdder outboundFailures = new LongAdder();

  public DhtMetrics(Clock clock) {
    for (KadMessage.Type t : KadMessage.Type.values()) {
      served.put(t, new LongAdder());
      latency.put(t, new LatencyWindow(clock));
    }
    for (DhtException.Reason r : DhtException.Reason.values()) {
      refused.put(r, new LongAdder());
    }
  }

  void served(KadMessage.Type type, long nanos) {
    served.get(type).increment();
    latency.get(type).record(nanos);
  }

  void refuse(DhtException.Reason reason) {
    refused.get(reason).increment();
  }

  void lookup() {
    lookups.increment();
  }

  void outboundFailure() {
    outboundFailures.increment();
  }

  public long served(KadMessage.Type type) {
    return served.get(type).sum();
  }

  public long refused(DhtException.Reason reason) {
    return refused.get(reason).sum();
  }

  public long lookups() {
    return lookups.sum();
  }

  public long outboundFailures() {
    return outboundFailures.sum();
  }

  /** The window {@link #latency} reads, for the aggregate log lines' periods. */
  public LatencyWindow latencyWindow(KadMessage.Type type) {
    return latency.get(type);
  }

  /** Latency percentiles of the {@code type} requests answered in the last {@link LatencyWindow#WINDOW}. */
  public LatencyWindow.Percentiles latency(KadMessage.Type type) {
    return latency.get(type).percentiles();
  }
}
