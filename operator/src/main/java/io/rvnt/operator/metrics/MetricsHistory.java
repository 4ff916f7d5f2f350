package io.rvnt.operator.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The recent samples of one instance, oldest first, bounded in count, and the rates derived from consecutive
 * samples. A sample with fewer requests than the one before means the instance restarted: rates restart with it.
 * Thread-safe.
 */
public final class MetricsHistory {
  /** Ten minutes at the default poll interval of five seconds. */
  public static final int DEFAULT_CAPACITY = 120;

  private final int capacity;
  private final Deque<MetricsSample> samples = new ArrayDeque<>(); // Guarded by this.

  public MetricsHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a history needs at least two samples to give a rate");
    }
    this.capacity = capacity;
  }

  public synchronized void add(MetricsSample sample) {
    if (!samples.isEmpty() && !sample.takenAt().isAfter(samples.getLast().takenAt())) {
      return;
    }
    if (samples.size() == capacity) {
      samples.removeFirst();
    }
    samples.addLast(sample);
  }

  public synchronized List<MetricsSample> samples() {
    return List.copyOf(samples);
  }

  public synchronized Optional<MetricsSample> latest() {
    return Optional.ofNullable(samples.peekLast());
  }

  /** Requests per second of an endpoint between the last two samples; empty with fewer than two. */
  public synchronized OptionalDouble requestRate(String endpoint) {
    if (samples.size() < 2) {
      return OptionalDouble.empty();
    }
    List<MetricsSample> list = new ArrayList<>(samples);
    return rate(list.get(list.size() - 2), list.get(list.size() - 1), endpoint);
  }

  /** Requests per second of an endpoint from {@code before} to {@code after}; 0 across a restart. */
  public static OptionalDouble rate(MetricsSample before, MetricsSample after, String endpoint) {
    long millis = Duration.between(before.takenAt(), after.takenAt()).toMillis();
    if (millis <= 0) {
      return OptionalDouble.empty();
    }
    long then = before.endpoint(endpoint).map(EndpointSample::requests).orElse(0L);
    long now = after.endpoint(endpoint).map(EndpointSample::requests).orElse(0L);
    long delta = now >= then ? now - then : now;
    return OptionalDouble.of(delta * 1000.0 / millis);
  }
}
