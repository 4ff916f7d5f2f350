package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Console;
import io.rvnt.console.ConsoleSetup;
import io.rvnt.console.canary.CanaryPaths;
import io.rvnt.console.instances.InstanceRow;
import io.rvnt.console.session.SandboxControl;
import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.sandbox.ChildCommand;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real console, headless on Monocle, against a real sandbox of rvnt.jar processes: start it and see every
 * instance healthy, run synthetic traffic and see the latency chart fill, see the DHT screen, generate a canary key,
 * sign, verify and publish, save a PNG of every screen, then stop and find no process left.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleIT {
  /** Starting JVMs with RocksDB on a loaded 2-core machine; generous, since it is a deadline, not a duration. */
  private static final long DEADLINE_SECONDS = 120;

  @TempDir static Path temp;

  private Sandbox sandbox;
  private SandboxPlan plan;
  private Console console;

  @Start
  void start(Stage stage) throws Exception {
    plan = SandboxPlan.standard(Features.bootstrapAvailable());
    sandbox = new Sandbox(temp.resolve("sandbox"), ChildCommand.ofThisJar(), plan, Clock.systemUTC());
    console = Console.open(stage, new ConsoleSetup(SandboxControl.of(sandbox), CanaryPaths.under(temp.resolve("ops")),
        Features.dhtProbe(), Optional.empty(), Clock.systemUTC(), temp.resolve("remote")));
  }

  @AfterEach
  void stopEverything() {
    sandbox.stop();
  }

  @Test
  void runsTheSandboxFromOneClickToNoProcessLeft(FxRobot robot) throws Exception {
    robot.clickOn("#start-sandbox");
    await(() -> console.instances().rows().size() == plan.size()
        && console.instances().healthyCountProperty().get() == plan.size());
    assertThat(console.instances().rows()).as("every planned instance is listed, running and healthy")
        .hasSize(plan.size()).allMatch(InstanceRow::healthy);
    List<Long> pids = sandbox.instances().stream()
        .map(i -> i.status().pid().orElseThrow()).toList();
    assertThat(pids).as("each instance is its own OS process").doesNotHaveDuplicates()
        .doesNotContain(ProcessHandle.current().pid());

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.SHORTCUT);
    robot.clickOn("#run-traffic");
    LineChart<?, ?> latency = robot.lookup("#latency-chart").queryAs(LineChart.class);
    await(() -> !console.metrics().work().busyProperty().get()
        && latency.getData().get(0).getData().size() >= 2);
    assertThat(console.metrics().work().errorProperty().get()).as("synthetic traffic runs without error").isEmpty();
    assertThat(console.metrics().endpointRows()).as("registrations reached the identity server's metrics")
        .anyMatch(r -> r.endpoint().equals("register") && r.requests() > 0);
    assertThat(latency.getData()).as("p50, p95 and p99 lines have points").allMatch(s -> s.getData().size() >= 2);

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.SHORTCUT);
    ListView<?> alerts = robot.lookup("#dht-alerts").queryAs(ListView.class);
    if (plan.bootstrapNodes() == 0) {
      assertThat(alerts.getItems()).as("the DHT screen says why it has no bootstrap node").isNotEmpty();
    } else {
      robot.clickOn("#dht-probe");
      await(() -> !console.dht().work().busyProperty().get()
          && console.dht().rows().stream().noneMatch(r -> r.tcp().equals("—")));
      assertThat(console.dht().work().errorProperty().get()).as("the probe ran").isEmpty();
      assertThat(console.dht().rows()).as("three bootstrap nodes, reachable over TCP and QUIC, knowing each other")
          .hasSize(plan.bootstrapNodes())
          .allMatch(r -> r.tcp().equals("yes") && r.quic().equals("yes") && r.knowsOthers().equals("yes"));
      assertThat(alerts.getItems()).as("no DHT alert").isEmpty();
    }

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.SHORTCUT);
    robot.clickOn("#canary-name").write("Sandbox Operators");
    robot.clickOn("#canary-email").write("ops@example.org");
    robot.clickOn("#canary-generate");
    typePassphrase(robot, true);
    await(() -> !robot.lookup("#canary-fingerprint").queryAs(Label.class).getText().isEmpty()
        && !console.canary().work().busyProperty().get());
    robot.clickOn("#canary-freshness").write("headline of the day");
    robot.clickOn("#canary-preview");
    assertThat(robot.lookup("#canary-review").queryAs(TextArea.class).getText())
        .as("the review shows the text to be signed").contains("headline of the day");
    robot.clickOn("#canary-sign");
    typePassphrase(robot, false);
    awaitCanary("OK");
    robot.clickOn("#canary-verify");
    awaitCanary("OK");
    robot.clickOn("#canary-publish");
    awaitCanary("OK");
    assertThat(console.canary().work().errorProperty().get()).as("the canary workflow has no error").isEmpty();
    for (String file : SiteDirectory.FILES) {
      assertThat(temp.resolve("ops/canary-site").resolve(file)).as("published " + file).isRegularFile();
    }

    // Alerts: an instance killed from outside is down until it is restarted; the alert keeps both times.
    Instance victim = sandbox.instances().get(sandbox.instances().size() - 1);
    ProcessHandle.of(victim.status().pid().orElseThrow()).orElseThrow().destroyForcibly();
    await(() -> console.alerts().rows().stream()
        .anyMatch(r -> r.active() && r.subject().equals(victim.name()) && r.alert().equals("RvntInstanceDown")));
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.SHORTCUT);
    await(() -> robot.lookup("#badge-alerts").tryQuery().isPresent());
    assertThat(robot.lookup("#badge-alerts").queryAs(Label.class).getText()).as("the sidebar's badge counts it")
        .isEqualTo(Integer.toString(console.alerts().activeCountProperty().get()));
    robot.interact(() -> console.instances().restartInstance(victim.name()));
    await(() -> console.instances().healthyCountProperty().get() == plan.size() && console.alerts().rows().stream()
        .noneMatch(r -> r.active() && r.subject().equals(victim.name())));
    assertThat(console.alerts().rows()).as("the alert cleared once the instance served again, with both times")
        .anyMatch(r -> !r.active() && r.subject().equals(victim.name()) && r.alert().equals("RvntInstanceDown")
            && !r.started().isEmpty() && !r.cleared().isEmpty());
    assertThat(robot.lookup("#alerts-canary-due").queryAs(Label.class).getText())
        .as("the canary's due date, from the canary just signed").startsWith("Canary due by ");

    Path screenshots = Path.of(System.getProperty("rvnt.screenshots", "target/screenshots"));
    List<Path> pngs = WaitForAsyncUtils.asyncFx(() -> console.saveScreenshots(screenshots)).get(60, TimeUnit.SECONDS);
    assertThat(pngs).as("one PNG per screen").hasSize(6)
        .allMatch(p -> Files.isRegularFile(p) && sizeOf(p) > 1000);

    robot.clickOn("#sidebar");
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.SHORTCUT);
    robot.clickOn("#stop-sandbox");
    await(() -> sandbox.instances().stream().allMatch(i -> i.status().state() == InstanceState.STOPPED)
        && !console.instances().work().busyProperty().get());
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d is gone after stop", pid).isFalse();
    }
    for (Instance instance : sandbox.instances()) {
      assertThat(instance.status().pid()).as("%s has no process", instance.name()).isEmpty();
    }
  }

  private void awaitCanary(String verdict) throws Exception {
    // Right after the click the step may not have started yet (not busy, no verdict): wait for its outcome, a
    // verdict or an error, rather than for "not busy" alone.
    await(() -> !console.canary().work().busyProperty().get()
        && (verdict.equals(console.canary().verdictProperty().get())
            || !console.canary().work().errorProperty().get().isEmpty()));
    assertThat(console.canary().work().errorProperty().get()).as("canary step error").isEmpty();
    assertThat(console.canary().verdictProperty().get()).as("canary verdict").isEqualTo(verdict);
  }

  private static void typePassphrase(FxRobot robot, boolean twice) {
    robot.clickOn("#passphrase").write("correct horse battery");
    if (twice) {
      robot.clickOn("#passphrase-again").write("correct horse battery");
    }
    robot.clickOn("OK");
  }

  private void await(Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS, () -> {
        WaitForAsyncUtils.waitForFxEvents();
        return condition.call();
      });
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("condition not met before the deadline; console state: " + state(), e);
    }
  }

  private String state() {
    return String.join(" ",
        "instances=" + console.instances().rows(),
        "instancesWork=" + status(console.instances().work()),
        "metricsWork=" + status(console.metrics().work()),
        "endpoints=" + console.metrics().endpoints(),
        "selected=" + console.metrics().selectedEndpointProperty().get(),
        "latency=" + console.metrics().latency(),
        "dht=" + console.dht().rows() + " " + console.dht().alerts() + " " + status(console.dht().work()),
        "canary=" + status(console.canary().work()));
  }

  private static String status(io.rvnt.console.work.BackgroundWork work) {
    return work.messageProperty().get() + "/" + work.errorProperty().get();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
