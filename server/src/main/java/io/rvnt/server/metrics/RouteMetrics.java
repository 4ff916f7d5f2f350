package io.rvnt.server.metrics;

import io.rvnt.protocol.metrics.EndpointStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Aggregates of one route: counts and a latency histogram. Latencies are recorded with HdrHistogram's
 * {@link Recorder} (wait-free for the recording threads) and accumulated into a histogram since start on each
 * snapshot: the percentiles are cumulative since the server started.
 */
public final class RouteMetrics {
  private static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final String name;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors4xx = new LongAdder();
  private final LongAdder errors5xx = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, 3);
  // Guarded by this.
  private final Histogram cumulative = new Histogram(MAX_TRACKED_MICROS, 3);
  // Guarded by this; handed back to the recorder to avoid allocating on every snapshot.
  private Histogram interval;

  RouteMetrics(String name) {
    this.name = name;
  }

  /** Counts one answered request of this route with its HTTP status and how long it took. */
  public void record(int status, long elapsedNanos) {
    requests.increment();
    if (status == 429) {
      rateLimited.increment();
    }
    if (status >= 500) {
      errors5xx.increment();
    } else if (status >= 400) {
      errors4xx.increment();
    }
    recorder.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, elapsedNanos / 1_000)));
  }

  synchronized EndpointStats snapshot() {
    interval = recorder.getIntervalHistogram(interval);
    cumulative.add(interval);
    return EndpointStats.newBuilder()
        .setEndpoint(name)
        .setRequests(requests.sum())
        .setErrors4Xx(errors4xx.sum())
        .setErrors5Xx(errors5xx.sum())
        .setRateLimited(rateLimited.sum())
        .setP50Ms(percentileMillis(50))
        .setP95Ms(percentileMillis(95))
        .setP99Ms(percentileMillis(99))
        .build();
  }

  private double percentileMillis(double percentile) {
    return cumulative.getTotalCount() == 0 ? 0 : cumulative.getValueAtPercentile(percentile) / 1_000.0;
  }
}
