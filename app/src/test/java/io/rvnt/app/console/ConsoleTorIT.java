package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Console;
import io.rvnt.console.instances.InstanceRow;
import io.rvnt.operator.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * {@code ./rvnt console --tor} (issue 16): the console's sandbox, made by the same factory as the command with Tor on,
 * starts a private Tor network in front of the identity server, and the Instances screen shows the identity
 * instance's onion endpoint once the onion answers. The identity server alone, to keep the test to one network.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleTorIT {
  /** JVMs and eight tor processes on a loaded 2-core machine; a deadline, not a duration. */
  private static final long DEADLINE_SECONDS = 600;

  @TempDir static Path temp;

  private Sandbox sandbox;
  private Console console;

  @Start
  void start(Stage stage) throws Exception {
    sandbox = SandboxFactory.create(temp.resolve("sandbox"), SandboxFactory.plan(false, false, true));
    console = ConsoleFixture.open(stage, sandbox, temp);
  }

  @AfterEach
  void stopEverything() {
    sandbox.stop();
  }

  @Test
  void theActiveIdentityInstanceShowsItsOnionEndpointOnceTheOnionAnswers(FxRobot robot) throws Exception {
    robot.clickOn("#start-sandbox");
    await(() -> console.instances().rows().stream()
        .anyMatch(r -> r.name().equals("identity-active") && r.healthy() && r.endpoints().contains("onion")));
    InstanceRow identity = WaitForAsyncUtils.asyncFx(() -> List.copyOf(console.instances().rows()))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS).stream().filter(r -> r.name().equals("identity-active")).findFirst()
        .orElseThrow();
    assertThat(identity.endpoints()).as("the onion URL and the SOCKS port to reach it, as ./rvnt sandbox --tor prints")
        .containsPattern("onion http://[a-z2-7]{56}\\.onion via socks5 127\\.0\\.0\\.1:\\d+");
    assertThat(sandbox.onion()).as("the sandbox's onion is the one shown").hasValueSatisfying(onion ->
        assertThat(identity.endpoints()).contains(onion.url()));
  }

  private void await(Callable<Boolean> condition) throws Exception {
    ConsoleFixture.awaitOnFx(DEADLINE_SECONDS, condition,
        () -> "the identity instance's onion endpoint did not show; instances=" + console.instances().rows());
  }
}
