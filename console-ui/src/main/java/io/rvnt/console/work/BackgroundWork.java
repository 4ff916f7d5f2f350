package io.rvnt.console.work;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Long work of one screen: runs off the JavaFX thread on {@code background}, publishes busy, progress, a status line
 * and a readable error (never a stack trace) through {@code ui}, and can be cancelled. One job at a time per screen.
 * Properties are touched on the {@code ui} executor only (the FX thread in the console, the caller in tests).
 */
public final class BackgroundWork {
  /** A job: does its work, reporting progress (0..1, or negative for indeterminate) and a status line. */
  @FunctionalInterface
  public interface Job<T> {
    T run(Progress progress) throws Exception;
  }

  /** What a job reports; safe to call from the job's thread. */
  public interface Progress {
    void update(double fraction, String message);

    /** Whether cancel was asked for; jobs that do not block on interruptible calls check it. */
    boolean cancelled();
  }

  private final Executor ui;
  private final ExecutorService background;
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private volatile boolean cancelRequested;
  private Future<?> running; // Touched on the ui executor only.

  public BackgroundWork(Executor ui, ExecutorService background) {
    this.ui = ui;
    this.background = background;
  }

  /** Starts {@code job} unless one is running; {@code onDone} gets its result on the ui executor. */
  public <T> boolean start(String label, Job<T> job, Consumer<T> onDone) {
    if (busy.get()) {
      return false;
    }
    cancelRequested = false;
    busy.set(true);
    progress.set(-1);
    message.set(label + "…");
    error.set("");
    Progress reporter = new Progress() {
      @Override
      public void update(double fraction, String text) {
        ui.execute(() -> {
          progress.set(fraction);
          message.set(text);
        });
      }

      @Override
      public boolean cancelled() {
        return cancelRequested || Thread.currentThread().isInterrupted();
      }
    };
    try {
        running = background.submit(() -> {
        try {
          T result = job.run(reporter);
          ui.execute(() -> {
            finish(cancelRequested ? label + ": cancelled" : label + ": done", "");
            if (!cancelRequested) {
              onDone.accept(result);
            }
          });
        } catch (InterruptedException e) {
          ui.execute(() -> finish(label + ": cancelled", ""));
        } catch (Exception | LinkageError e) {
          String reason = cancelRequested ? "" : Errors.readable(e);
          ui.execute(() -> finish(cancelRequested ? label + ": cancelled" : label + ": failed", reason));
        }
      });
    } catch (RejectedExecutionException e) {
      finish(label + ": not started", "the console is closing");
      return false;
    }
    return true;
  }

  /** Asks the running job to stop: sets the flag and interrupts its thread. */
  public void cancel() {
    cancelRequested = true;
    if (running != null) {
      running.cancel(true);
    }
  }

  private void finish(String status, String reason) {
    busy.set(false);
    progress.set(0);
    message.set(status);
    error.set(reason);
    running = null;
  }

  /** Shows an error that did not come from a job, such as invalid input. */
  public void fail(String reason) {
    error.set(reason);
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
