package io.rvnt.console;

import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.value.ChangeListener;

/**
 * {@code ./rvnt console --screenshot DIR}: starts the sandbox, runs a little synthetic traffic, waits until the
 * latency chart has points, saves a PNG of every screen, then stops the sandbox and ends. Each step is triggered by
 * the previous one's result arriving on the FX thread, so nothing waits on a timer.
 */
final class ScreenshotTour {
  /** Points on the latency chart before the pictures are taken: enough to draw lines. */
  private static final int MIN_POINTS = 3;

  private final Console console;
  private final Path directory;
  private final Runnable done;
  private boolean trafficStarted;
  private boolean saved;

  ScreenshotTour(Console console, Path directory, Runnable done) {
    this.console = console;
    this.directory = directory;
    this.done = done;
  }

  void begin() {
    console.instances().work().errorProperty().addListener((obs, old, error) -> fail(error));
    console.metrics().work().errorProperty().addListener((obs, old, error) -> fail(error));
    console.instances().healthyCountProperty().addListener((obs, old, healthy) -> maybeRunTraffic());
    ChangeListener<Boolean> trafficDone = (obs, was, busy) -> maybeSave();
    console.metrics().work().busyProperty().addListener(trafficDone);
    console.metrics().latency().addListener((javafx.collections.ListChangeListener<Object>) c -> maybeSave());
    console.instances().startSandbox();
  }

  private void maybeRunTraffic() {
    boolean allHealthy = !console.instances().rows().isEmpty()
        && console.instances().healthyCountProperty().get() == console.instances().rows().size();
    if (allHealthy && !trafficStarted) {
      trafficStarted = true;
      // After this poll round has reached every screen, so the Metrics screen knows the identity server runs.
      javafx.application.Platform.runLater(() -> console.metrics().runTraffic(3));
    }
  }

  private void maybeSave() {
    if (saved || !trafficStarted || console.metrics().work().busyProperty().get()
        || console.metrics().latency().size() < MIN_POINTS) {
      return;
    }
    saved = true;
    try {
      for (Path file : console.saveScreenshots(directory)) {
        System.out.println("saved " + file);
      }
    } catch (IOException e) {
      System.err.println("rvnt: cannot save screenshots: " + e.getMessage());
    }
    finish();
  }

  private void fail(String error) {
    if (error != null && !error.isBlank() && !saved) {
      saved = true;
      System.err.println("rvnt: " + error);
      finish();
    }
  }

  private void finish() {
    new Thread(() -> {
      console.close();
      javafx.application.Platform.runLater(done);
    }, "console-tour-stop").start();
  }
}
