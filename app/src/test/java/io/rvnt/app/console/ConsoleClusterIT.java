package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Console;
import io.rvnt.console.alerts.EventRow;
import io.rvnt.console.instances.InstanceRow;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.TableView;
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
 * Drives the real console, headless on Monocle, against the sandbox's identity cluster of real {@code ./rvnt server}
 * processes: the Instances screen shows each member's role in the cluster and its lag, and once the leader's process
 * is killed with SIGKILL, the new leader shows and the Alerts screen lists the failover as an event.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleClusterIT {
  /** Three JVMs with RocksDB and Ratis, their election, then a second one, on a busy 2-core machine. */
  private static final long DEADLINE_SECONDS = 300;

  @TempDir static Path temp;

  private Sandbox sandbox;
  private Console console;

  @Start
  void start(Stage stage) throws Exception {
    sandbox = SandboxFactory.create(temp.resolve("sandbox"), new SandboxPlan(SandboxPlan.Identity.CLUSTER, 0, 0));
    console = ConsoleFixture.open(stage, sandbox, temp);
  }

  @AfterEach
  void stopEverything() {
    sandbox.stop();
  }

  @Test
  void showsEachMembersRoleAndLagAndTheFailoverAsAnEventAfterTheLeaderIsKilled(FxRobot robot) throws Exception {
    robot.clickOn("#start-sandbox");
    // The start ends once the members agree on a leader and caught up; the active then leads (its priority).
    await(() -> console.instances().work().messageProperty().get().equals("Starting the sandbox: done")
        && roles().equals(Map.of("identity-active", "leader", "identity-passive", "follower",
            "identity-witness", "witness"))
        && console.instances().rows().stream().allMatch(r -> r.healthy() && r.lag().equals("0")));
    @SuppressWarnings("unchecked")
    TableView<InstanceRow> table = robot.lookup("#instances-table").queryAs(TableView.class);
    assertThat(table.getColumns().stream().map(c -> c.getText()).toList()).as("the Instances screen shows both")
        .contains("Cluster", "Lag");
    assertThat(console.instances().work().errorProperty().get()).as("the sandbox started").isEmpty();

    Instance leader = sandbox.instances().get(0);
    ProcessHandle.of(leader.status().pid().orElseThrow()).orElseThrow().destroyForcibly(); // SIGKILL
    await(() -> console.alerts().events().stream().anyMatch(e -> e.event().equals("leader changed")
        && e.detail().endsWith("(was identity-active)")));
    EventRow failover = WaitForAsyncUtils.asyncFx(() -> console.alerts().events().get(0))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    String newLeader = failover.detail().substring(0, failover.detail().indexOf(' '));
    assertThat(newLeader).as("one of the two left leads").isIn("identity-passive", "identity-witness");
    await(() -> "leader".equals(roles().get(newLeader)) && "—".equals(roles().get("identity-active")));
    assertThat(rolesNow().get("identity-active")).as("the killed member shows no role, not its last one")
        .isEqualTo("—");

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.SHORTCUT);
    @SuppressWarnings("unchecked")
    TableView<EventRow> events = robot.lookup("#events-table").queryAs(TableView.class);
    await(() -> events.getItems().contains(failover));
    assertThat(events.getItems()).as("the Alerts screen's events table shows the view model's events")
        .containsExactlyElementsOf(console.alerts().events());
  }

  /** Each member's role as the Instances screen shows it. */
  private Map<String, String> roles() {
    return console.instances().rows().stream().collect(Collectors.toMap(InstanceRow::name, InstanceRow::cluster));
  }

  /** As {@link #roles()}, read on the FX thread from the test thread. */
  private Map<String, String> rolesNow() throws Exception {
    return WaitForAsyncUtils.asyncFx(this::roles).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private void await(Callable<Boolean> condition) throws Exception {
    ConsoleFixture.awaitOnFx(DEADLINE_SECONDS, condition, () -> "instances=" + console.instances().rows()
        + " events=" + console.alerts().events() + " work=" + console.instances().work().messageProperty().get()
        + "/" + console.instances().work().errorProperty().get());
  }
}
