package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./rvnt console --screenshot DIR} on Monocle: a PNG per screen of a live sandbox, then a clean exit. */
class ScreenshotCommandIT {
  private static final Duration SCREENSHOTS_DEADLINE = Child.DEADLINE.multipliedBy(2);

  @TempDir Path temp;

  @Test
  void savesAPngOfEveryScreenAndLeavesNoProcess() throws Exception {
    Path shots = temp.resolve("shots");
    try (Child console = new Child(Child.java(
        "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
        "-cp", Child.jar() + java.io.File.pathSeparator + monocle(), "io.rvnt.app.Main",
        "console", "--data-dir", temp.resolve("sandbox").toString(), "--screenshot", shots.toString()), temp)) {
      // The sandbox's start, one screen after the other rendered in software, then its stop: the longest wait here.
      assertThat(console.process.waitFor(SCREENSHOTS_DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("the console exits after the screenshots within %s; output: %s", SCREENSHOTS_DEADLINE, console.output())
          .isTrue();
      assertThat(console.output()).as("one PNG per screen, output: %s", console.output())
          .contains("saved " + shots.resolve("instances.png"), "saved " + shots.resolve("metrics.png"),
              "saved " + shots.resolve("dht-health.png"), "saved " + shots.resolve("canary.png"));
      assertThat(shots.resolve("metrics.png")).isRegularFile();
      assertThat(console.process.descendants().count()).as("no sandbox process is left").isZero();
    }
  }

  private static String monocle() throws Exception {
    return Path.of(Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory").getProtectionDomain()
        .getCodeSource().getLocation().toURI()).toString();
  }
}
