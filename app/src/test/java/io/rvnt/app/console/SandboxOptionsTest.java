package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.sandbox.SandboxPlan;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./rvnt sandbox} and {@code ./rvnt console} offer the same sandbox choices and build one plan from them. */
class SandboxOptionsTest {

  @Test
  void theConsoleAndTheHeadlessSandboxTakeTheSameSandboxOptions() {
    for (Object command : List.of(new SandboxCommand(), new ConsoleCommand())) {
      assertThat(new CommandLine(command).getCommandSpec().optionsMap().keySet())
          .as("%s chooses the sandbox's folder, Tor and one identity server instead of the cluster",
              command.getClass().getSimpleName())
          .contains("--data-dir", "--tor", "--single-identity");
    }
  }

  @Test
  void theConsoleParsesSingleIdentity() {
    ConsoleCommand console = new ConsoleCommand();
    new CommandLine(console).parseArgs("--single-identity", "--tor");
    assertThat(console.singleIdentity).as("--single-identity reaches the console's sandbox plan").isTrue();
    assertThat(console.tor).as("--tor alongside it").isTrue();
  }

  @Test
  void theStandardPlanIsTheClusterWithBootstrapNodesAndRelaysAndNoTor() {
    assertThat(SandboxFactory.plan(true, false, false))
        .as("with no option, the sandbox as it ships")
        .isEqualTo(SandboxPlan.standard(true))
        .extracting(SandboxPlan::identity).isEqualTo(SandboxPlan.Identity.CLUSTER);
  }

  @Test
  void singleIdentityReplacesTheClusterAndKeepsEverythingElse() {
    SandboxPlan plan = SandboxFactory.plan(true, true, false);
    assertThat(plan.identity()).as("one identity server instead of the cluster").isEqualTo(SandboxPlan.Identity.SINGLE);
    assertThat(plan.bootstrapNodes()).as("bootstrap nodes as in the standard plan")
        .isEqualTo(SandboxPlan.standard(true).bootstrapNodes());
    assertThat(plan.relays()).as("relays as in the standard plan").isEqualTo(SandboxPlan.standard(true).relays());
    assertThat(plan.tor()).as("no Tor unless asked").isFalse();
  }

  @Test
  void torAddsTheOnionServiceToEitherIdentityChoice() {
    assertThat(SandboxFactory.plan(false, false, true).tor()).as("--tor with the cluster").isTrue();
    SandboxPlan single = SandboxFactory.plan(false, true, true);
    assertThat(single.tor()).as("--tor with one identity server").isTrue();
    assertThat(single.identity()).as("--tor keeps --single-identity").isEqualTo(SandboxPlan.Identity.SINGLE);
  }
}
