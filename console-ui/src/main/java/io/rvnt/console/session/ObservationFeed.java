package io.rvnt.console.session;

import io.rvnt.operator.metrics.InstanceMonitor;
import io.rvnt.operator.metrics.Observation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls the instances on a scheduler thread and hands each round to the screens on the ui executor. The screens
 * never poll themselves, so four screens cost one round of requests.
 */
public final class ObservationFeed {
  private final InstanceMonitor monitor;
  private final Executor ui;
  private final ScheduledExecutorService scheduler;
  private final List<Consumer<List<Observation>>> listeners = new CopyOnWriteArrayList<>();

  public ObservationFeed(InstanceMonitor monitor, Executor ui, ScheduledExecutorService scheduler) {
    this.monitor = monitor;
    this.ui = ui;
    this.scheduler = scheduler;
  }

  public void addListener(Consumer<List<Observation>> listener) {
    listeners.add(listener);
  }

  /** Polls every {@code interval} from now on. */
  public void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One extra round soon, after an action changed what the screens should show. */
  public void pollSoon() {
    scheduler.execute(this::pollQuietly);
  }

  private void pollQuietly() {
    try {
      List<Observation> round = monitor.poll();
      ui.execute(() -> listeners.forEach(listener -> listener.accept(round)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // One failed round must not end the schedule; the next round tries again.
    }
  }
}
