package io.rvnt.daemon.admin;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.rvnt.daemon.logging.Notice;
import io.rvnt.daemon.metrics.LatencyWindow;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The periodic aggregate log lines of a server process (server architecture, "what the servers log"): every
 * interval, an hour by default, per endpoint the requests, errors and latency percentiles of that period, and the
 * process's disk and memory, at {@link Notice#LEVEL} so that they reach the journal at the production level WARN.
 * It reads the snapshot the admin listener serves ({@link AggregatePeriods}): counts are the growth of its cumulative
 * counters since the previous report, percentiles the period its component's latency windows kept ({@link
 * LatencyWindow#takePeriod()}). Runs on a thread of its own, since a snapshot walks the data directory.
 */
public final class AggregateReporter implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
  /** Shorter periods would flood the journal; tests use a few seconds. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  /** A line a day at least: the journal is volatile and shorter than that on most hosts. */
  public static final Duration MAX_INTERVAL = Duration.ofDays(1);

  private static final Logger LOG = Logger.getLogger(AggregateReporter.class.getName());

  private final AggregatePeriods periods;
  private final ScheduledExecutorService timer;

  private AggregateReporter(AggregatePeriods periods, ScheduledExecutorService timer) {
    this.periods = periods;
    this.timer = timer;
  }

  /**
   * Reports {@code component} every {@code interval}, the first time one interval from now.
   *
   * @throws IllegalArgumentException when {@code interval} is outside {@link #MIN_INTERVAL} to {@link #MAX_INTERVAL}
   */
  public static AggregateReporter start(AdminComponent component, ProcessMetrics process, Duration interval) {
    checkInterval(interval);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        new DefaultThreadFactory("rvnt-aggregate-log", true));
    AggregateReporter reporter =
        new AggregateReporter(new AggregatePeriods(component, process, interval), timer);
    long millis = interval.toMillis();
    timer.scheduleAtFixedRate(reporter::reportSafely, millis, millis, TimeUnit.MILLISECONDS);
    return reporter;
  }

  /** The interval check of {@link #start}, for configuration loaders that report it in their own words. */
  public static void checkInterval(Duration interval) {
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException("the aggregate log interval must be from 1 second to 1 day, not "
          + interval.toSeconds() + " s");
    }
  }

  /**
   * {@code 30s}, {@code 10m}, {@code 1h}, or a bare number of seconds, from 1 second to 1 day: the
   * {@code aggregate-log-interval} setting of a server whose configuration has no duration syntax of its own.
   *
   * @throws IllegalArgumentException "aggregate-log-interval: expected a duration from 1s to 24h, such as 30s, 10m
   *     or 1h"
   */
  public static Duration parseInterval(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    long unitSeconds = t.endsWith("h") ? 3_600 : t.endsWith("m") ? 60 : 1;
    String number = t.endsWith("h") || t.endsWith("m") || t.endsWith("s") ? t.substring(0, t.length() - 1) : t;
    try {
      long amount = Long.parseLong(number);
      if (amount >= 1 && amount <= MAX_INTERVAL.toSeconds() / unitSeconds) {
        return Duration.ofSeconds(amount * unitSeconds);
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException(
        "aggregate-log-interval: expected a duration from 1s to 24h, such as 30s, 10m or 1h");
  }

  private void reportSafely() {
    try {
      periods.next().forEach(line -> LOG.log(Notice.LEVEL, line));
    } catch (RuntimeException e) {
      // Only the class: a component's exception message is not known to be free of what invariant 1 keeps out.
      // Caught, since an exception would end the schedule.
      LOG.log(Level.WARNING, "aggregate log line failed: " + e.getClass().getName());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
