package io.rvnt.daemon.metrics;

import io.rvnt.protocol.metrics.EndpointStats;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency percentiles of one endpoint over a sliding window, the same for every component so that their figures
 * compare. Latencies are recorded with HdrHistogram's {@link Recorder} (wait-free for the recording threads); each
 * {@link #percentiles()} moves what was recorded since the last call into the time slice it is taken in, and the
 * percentiles cover the slices of the last {@link #WINDOW}. An operator charting them over time sees the server as
 * it is now, which percentiles since start would hide after the first hours.
 *
 * <p>Beside the window, everything collected also goes into one period histogram, which {@link #takePeriod()}
 * reads and empties: the aggregate log line's percentiles cover exactly the requests since the previous line, an
 * hour by default, which the 60-second window cannot give. Only one reader (the process's aggregate reporter) may
 * take periods. Thread-safe.
 */
public final class LatencyWindow {
  /** The span the percentiles cover; /metrics says so in its HELP text. */
  public static final Duration WINDOW = Duration.ofSeconds(60);
  /** Longer latencies are recorded as this: nothing the servers answer takes that long. */
  public static final Duration MAX_TRACKED = Duration.ofMinutes(10);

  private static final int SLICES = 12;
  private static final long SLICE_MS = WINDOW.toMillis() / SLICES;
  private static final long MAX_TRACKED_MICROS = MAX_TRACKED.toNanos() / 1_000;
  // Two significant digits (within 1 %) keep one window near 400 KB; three would take seven times that per endpoint.
  private static final int SIGNIFICANT_DIGITS = 2;

  /** Percentiles in milliseconds; 0 when the window holds no latency. */
  public record Percentiles(double p50Ms, double p95Ms, double p99Ms) {
    static final Percentiles NONE = new Percentiles(0, 0, 0);

    /** Sets the percentiles and the window they cover on {@code stats}. */
    public EndpointStats.Builder fill(EndpointStats.Builder stats) {
      return stats.setP50Ms(p50Ms).setP95Ms(p95Ms).setP99Ms(p99Ms).setWindowSeconds((int) WINDOW.toSeconds());
    }
  }

  /**
   * The latencies recorded in one period of the aggregate reporter.
   *
   * @param count how many latencies the period holds
   * @param percentiles theirs; 0 when {@code count} is 0
   */
  public record Period(long count, Percentiles percentiles) {}

  private final Clock clock;
  private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, SIGNIFICANT_DIGITS);
  // Guarded by this: slice i holds what was collected during the slice-long period number sliceNumbers[i].
  private final Histogram[] slices = new Histogram[SLICES];
  private final long[] sliceNumbers = new long[SLICES];
  private final Histogram window = new Histogram(MAX_TRACKED_MICROS, SIGNIFICANT_DIGITS);
  // Guarded by this: what was collected since the last takePeriod().
  private final Histogram period = new Histogram(MAX_TRACKED_MICROS, SIGNIFICANT_DIGITS);
  // Guarded by this; handed back to the recorder to avoid allocating on every call.
  private Histogram interval;

  public LatencyWindow(Clock clock) {
    this.clock = clock;
    for (int i = 0; i < SLICES; i++) {
      slices[i] = new Histogram(MAX_TRACKED_MICROS, SIGNIFICANT_DIGITS);
      sliceNumbers[i] = Long.MIN_VALUE;
    }
  }

  /** Records one latency; negative values count as 0, values above {@link #MAX_TRACKED} as that. */
  public void record(long elapsedNanos) {
    recorder.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(elapsedNanos))));
  }

  /** The percentiles of the latencies recorded in the last {@link #WINDOW}. */
  public synchronized Percentiles percentiles() {
    long current = collect();
    window.reset();
    for (int i = 0; i < SLICES; i++) {
      if (sliceNumbers[i] > current - SLICES && sliceNumbers[i] <= current) {
        window.add(slices[i]);
      }
    }
    return percentilesOf(window);
  }

  /** The latencies recorded since the previous call (or since creation), and a new period from now. */
  public synchronized Period takePeriod() {
    collect();
    Period taken = new Period(period.getTotalCount(), percentilesOf(period));
    period.reset();
    return taken;
  }

  /** Moves what the recorder holds into the current slice and the period; returns the current slice's number. */
  private long collect() {
    long current = clock.millis() / SLICE_MS;
    int slot = (int) Math.floorMod(current, (long) SLICES);
    if (sliceNumbers[slot] != current) {
      slices[slot].reset();
      sliceNumbers[slot] = current;
    }
    interval = recorder.getIntervalHistogram(interval);
    slices[slot].add(interval);
    period.add(interval);
    return current;
  }

  private static Percentiles percentilesOf(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return Percentiles.NONE;
    }
    return new Percentiles(millis(histogram, 50), millis(histogram, 95), millis(histogram, 99));
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1_000.0;
  }
}
