package io.rvnt.dht;

import io.rvnt.dht.wire.KadMessage;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Aggregate counters of a DHT node: queries served per type and their latency, refusals per reason, lookups.
 * Nothing in it names a peer, an address or a key (invariant 1). Thread-safe.
 */
public final class DhtMetrics {

  /** Latency percentiles of one message type since the node started, in milliseconds. */
  public record Latency(long count, double p50Ms, double p95Ms, double p99Ms) {}

  private final Map<KadMessage.Type, LongAdder> served = new EnumMap<>(KadMessage.Type.class);
  private final Map<KadMessage.Type, Recorder> latency = new EnumMap<>(KadMessage.Type.class);
  private final Map<KadMessage.Type, Histogram> totals = new EnumMap<>(KadMessage.Type.class);
  private final Map<DhtException.Reason, LongAdder> refused = new EnumMap<>(DhtException.Reason.class);
  private final LongAdder lookups = new LongAdder();
  private final LongAdder outboundFailures = new LongAdder();

  public DhtMetrics() {
    for (KadMessage.Type t : KadMessage.Type.values()) {
      served.put(t, new LongAdder());
      latency.put(t, new Recorder(TimeUnit.MINUTES.toNanos(1), 2));
      totals.put(t, new Histogram(TimeUnit.MINUTES.toNanos(1), 2));
    }
    for (DhtException.Reason r : DhtException.Reason.values()) {
      refused.put(r, new LongAdder());
    }
  }

  void served(KadMessage.Type type, long nanos) {
    served.get(type).increment();
    latency.get(type).recordValue(Math.min(nanos, TimeUnit.MINUTES.toNanos(1)));
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

  /** Latency of {@code type} queries since start. */
  public Latency latency(KadMessage.Type type) {
    Histogram total = totals.get(type);
    synchronized (total) {
      total.add(latency.get(type).getIntervalHistogram());
      double ms = 1e6;
      return new Latency(total.getTotalCount(), total.getValueAtPercentile(50) / ms,
          total.getValueAtPercentile(95) / ms, total.getValueAtPercentile(99) / ms);
    }
  }
}
