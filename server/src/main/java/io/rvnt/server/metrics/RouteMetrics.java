package io.rvnt.server.metrics;

import io.rvnt.protocol.metrics.EndpointStats;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Aggregates of one route: counts since start and latency percentiles over a sliding window. Latencies are recorded
 * with HdrHistogram's {@link Recorder} (wait-free for the recording threads); each snapshot moves what was recorded
 * since the last one into the time slice it is taken in, and the percentiles cover the slices of the last
 * {@link #LATENCY_WINDOW}. An operator charting them over time sees the server as it is now, which percentiles since
 * start would hide after the first hours.
 */
public final class RouteMetrics {
  /** The span the latency percentiles cover. */
  public static final Duration LATENCY_WINDOW = Duration.ofSeconds(60);

  private static final int SLICES = 12;
  private static final long SLICE_MS = LATENCY_WINDOW.toMillis() / SLICES;
  private static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final String name;
  private final Clock clock;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors4xx = new LongAdder();
  private final LongAdder errors5xx = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, 3);
  // Guarded by this: slice i holds what was collected during the slice-long period number sliceNumbers[i].
  private final Histogram[] slices = new Histogram[SLICES];
  private final long[] sliceNumbers = new long[SLICES];
  private final Histogram window = new Histogram(MAX_TRACKED_MICROS, 3);
  // Guarded by this; handed back to the recorder to avoid allocating on every snapshot.
  private Histogram interval;

  RouteMetrics(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
    for (int i = 0; i < SLICES; i++) {
      slices[i] = new Histogram(MAX_TRACKED_MICROS, 3);
      sliceNumbers[i] = Long.MIN_VALUE;
    }
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
    long current = clock.millis() / SLICE_MS;
    int slot = (int) Math.floorMod(current, (long) SLICES);
    if (sliceNumbers[slot] != current) {
      slices[slot].reset();
      sliceNumbers[slot] = current;
    }
    interval = recorder.getIntervalHistogram(interval);
    slices[slot].add(interval);
    window.reset();
    for (int i = 0; i < SLICES; i++) {
      if (sliceNumbers[i] > current - SLICES && sliceNumbers[i] <= current) {
        window.add(slices[i]);
      }
    }
    return EndpointStats.newBuilder()
        .setEndpoint(name)
        .setRequests(requests.sum())
        .setErrors4Xx(errors4xx.sum())
        .setErrors5Xx(errors5xx.sum())
        .setRateLimited(rateLimited.sum())
        .setP50Ms(percentileMillis(50))
        .setP95Ms(percentileMillis(95))
        .setP99Ms(percentileMillis(99))
        .setWindowSeconds((int) LATENCY_WINDOW.toSeconds())
        .build();
  }

  private double percentileMillis(double percentile) {
    return window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(percentile) / 1_000.0;
  }
}
