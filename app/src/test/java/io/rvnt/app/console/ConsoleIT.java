package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Console;
import io.rvnt.console.alerts.AlertRow;
import io.rvnt.console.instances.InstanceRow;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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
  private static final long DEADLINE_SECONDS = 300;

  @TempDir static Path temp;

  private Sandbox sandbox;
  private SandboxPlan plan;
  private Console console;

  @Start
  void start(Stage stage) throws Exception {
    plan = SandboxPlan.standard(Features.bootstrapAvailable());
    sandbox = SandboxFactory.create(temp.resolve("sandbox"), plan);
    console = ConsoleFixture.open(stage, sandbox, temp);
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
    awaitStep(console.metrics().work(), "Synthetic traffic");
    await(() -> latency.getData().get(0).getData().size() >= 2);
    assertThat(console.metrics().endpointRows()).as("registrations reached the identity server's metrics")
        .anyMatch(r -> r.endpoint().equals("register") && r.requests() > 0);
    assertThat(latency.getData()).as("p50, p95 and p99 lines have points").allMatch(s -> s.getData().size() >= 2);

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.SHORTCUT);
    ListView<?> alerts = robot.lookup("#dht-alerts").queryAs(ListView.class);
    if (plan.bootstrapNodes() == 0) {
      assertThat(alerts.getItems()).as("the DHT screen says why it has no bootstrap node").isNotEmpty();
    } else {
      robot.clickOn("#dht-probe");
      awaitStep(console.dht().work(), "Probing the DHT");
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
    awaitStep(console.canary().work(), "Generating the canary key");
    await(() -> !robot.lookup("#canary-fingerprint").queryAs(Label.class).getText().isEmpty());
    robot.clickOn("#canary-freshness").write("headline of the day");
    robot.clickOn("#canary-preview");
    assertThat(robot.lookup("#canary-review").queryAs(TextArea.class).getText())
        .as("the review shows the text to be signed").contains("headline of the day");
    robot.clickOn("#canary-sign");
    typePassphrase(robot, false);
    awaitCanary("Signing the canary", "OK");
    robot.clickOn("#canary-verify");
    awaitCanary("Verifying the canary", "OK");
    robot.clickOn("#canary-publish");
    awaitCanary("Publishing the canary", "OK");
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
    @SuppressWarnings("unchecked")
    TableView<AlertRow> alertsTable = robot.lookup("#alerts-table").queryAs(TableView.class);
    assertThat(alertsTable.getItems()).as("the Alerts screen's table shows the view model's rows")
        .containsExactlyElementsOf(console.alerts().rows());
    assertThat(robot.lookup("#alerts-summary").queryAs(Label.class).getText()).as("beside the screen's title")
        .isEqualTo(console.alerts().summaryProperty().get()).endsWith(" active");
    robot.interact(() -> console.instances().restartInstance(victim.name()));
    awaitStep(console.instances().work(), "Restarting " + victim.name());
    await(() -> console.instances().healthyCountProperty().get() == plan.size() && console.alerts().rows().stream()
        .noneMatch(r -> r.active() && r.subject().equals(victim.name())));
    int stillActive = console.alerts().activeCountProperty().get();
    assertThat(robot.lookup("#badge-alerts").tryQuery().map(badge -> ((Label) badge).getText()))
        .as("the badge counts the alerts that still hold, and is gone when none does")
        .isEqualTo(stillActive == 0 ? Optional.empty() : Optional.of(Integer.toString(stillActive)));
    assertThat(console.alerts().rows()).as("the alert cleared once the instance served again, with both times")
        .anyMatch(r -> !r.active() && r.subject().equals(victim.name()) && r.alert().equals("RvntInstanceDown")
            && !r.started().isEmpty() && !r.cleared().isEmpty());
    assertThat(robot.lookup("#alerts-canary-due").queryAs(Label.class).getText())
        .as("the canary's due date, from the canary just signed").startsWith("Canary due by ");

    Path screenshots = Path.of(System.getProperty("rvnt.screenshots", "target/screenshots"));
    List<Path> pngs = WaitForAsyncUtils.asyncFx(() -> console.saveScreenshots(screenshots))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(pngs).as("one PNG per screen").hasSize(6)
        .allMatch(p -> Files.isRegularFile(p) && sizeOf(p) > 1000);

    robot.clickOn("#sidebar");
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.SHORTCUT);
    robot.clickOn("#stop-sandbox");
    awaitStep(console.instances().work(), "Stopping the sandbox");
    assertThat(sandbox.instances()).as("every instance is stopped")
        .allMatch(i -> i.status().state() == InstanceState.STOPPED);
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d is gone after stop", pid).isFalse();
    }
    for (Instance instance : sandbox.instances()) {
      assertThat(instance.status().pid()).as("%s has no process", instance.name()).isEmpty();
    }
  }

  private void awaitCanary(String step, String verdict) throws Exception {
    awaitStep(console.canary().work(), step);
    assertThat(console.canary().verdictProperty().get()).as("%s: the verdict", step).isEqualTo(verdict);
  }

  /**
   * Waits for the end of the screen's job {@code label} (its own status line, "LABEL: done" or "LABEL: failed"), and
   * checks it succeeded. Right after a click the job may not have started yet, so "not busy" says nothing.
   */
  private void awaitStep(BackgroundWork work, String label) throws Exception {
    await(() -> work.messageProperty().get().startsWith(label + ": "));
    assertThat(work.errorProperty().get()).as("%s: no error", label).isEmpty();
    assertThat(work.messageProperty().get()).as("%s: the job's end", label).isEqualTo(label + ": done");
  }

  private static void typePassphrase(FxRobot robot, boolean twice) {
    robot.clickOn("#passphrase").write("correct horse battery");
    if (twice) {
      robot.clickOn("#passphrase-again").write("correct horse battery");
    }
    robot.clickOn("OK");
  }

  private void await(Callable<Boolean> condition) throws Exception {
    ConsoleFixture.awaitOnFx(DEADLINE_SECONDS, condition, this::state);
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
        "canary=" + status(console.canary().work()),
        "alerts=" + console.alerts().rows());
  }

  private static String status(BackgroundWork work) {
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
