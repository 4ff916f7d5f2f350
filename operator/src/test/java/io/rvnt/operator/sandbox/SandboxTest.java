package io.rvnt.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  private static final ChildCommand JAR = new ChildCommand(Path.of("java"), Path.of("rvnt.jar"), List.of());

  @Test
  void plansOneIdentityServerThreeBootstrapNodesAndTwoRelaysEachWithItsOwnFolder(@TempDir Path root)
      throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, SandboxPlan.standard(true), Clock.systemUTC());
    assertThat(sandbox.instances()).extracting(Instance::name).as("the standard sandbox")
        .containsExactly("identity", "bootstrap-1", "bootstrap-2", "bootstrap-3", "relay-1", "relay-2");
    assertThat(sandbox.instances()).extracting(Instance::role).containsExactly(Role.IDENTITY, Role.BOOTSTRAP,
        Role.BOOTSTRAP, Role.BOOTSTRAP, Role.RELAY, Role.RELAY);
    assertThat(sandbox.instances()).as("nothing runs before start")
        .allMatch(i -> i.status().state() == InstanceState.STOPPED);
    assertThat(sandbox.instances().stream().map(i -> ((LocalInstance) i).spec().dataDir()).toList())
        .as("each instance keeps its data in its own folder under the sandbox")
        .doesNotHaveDuplicates().allMatch(dir -> dir.getParent().equals(root));
  }

  @Test
  void givesEveryListenerItsOwnLoopbackPort(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, new SandboxPlan(2, 3, 2), Clock.systemUTC());
    List<String> ports = sandbox.instances().stream()
        .flatMap(i -> ((LocalInstance) i).spec().arguments().stream())
        .filter(a -> a.startsWith("127.0.0.1:") || a.startsWith("/ip4/127.0.0.1/tcp/"))
        .map(a -> a.substring(a.lastIndexOf(a.contains("/tcp/") ? '/' : ':') + 1)).toList();
    assertThat(ports).as("two ports per instance, all different").hasSize(14).doesNotHaveDuplicates();
  }

  @Test
  void identityServersRunTheServerCommandWithTheSandboxConfig(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, SandboxPlan.standard(false), Clock.systemUTC());
    LocalInstance identity = (LocalInstance) sandbox.instances().get(0);
    assertThat(identity.spec().arguments()).as("the production command with the sandbox's settings")
        .startsWith("server", "--config", root.resolve("identity.conf").toString());
  }

  @Test
  void withTorTheIdentityServerRunsAnOnionListenerThatRequiresTheProxyHeader(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, SandboxPlan.standard(false).withTor(), Clock.systemUTC());
    LocalInstance identity = (LocalInstance) sandbox.instances().get(0);
    assertThat(identity.spec().arguments()).as("its own config, with the onion listener")
        .startsWith("server", "--config", root.resolve("identity-onion.conf").toString());
    assertThat(String.format(Sandbox.ONION_LISTENER, 4321)).as("PROXY header required, as on a production host")
        .contains("onion-listen = 127.0.0.1:4321", "onion-listen-proxy-protocol = required")
        .doesNotContain("rate-limit");
    assertThat(sandbox.onion()).as("no onion before the network answers").isEmpty();
  }

  @Test
  void refusesATorPlanWithoutAnIdentityServer() {
    assertThatThrownBy(() -> new SandboxPlan(0, 3, 0, true)).as("the onion service is an identity server")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the sandbox's onion service is an identity server: plan one");
  }

  @Test
  void relaysRunTheRelayCommandWithTheSandboxConfigOnLoopbackOnly(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, new SandboxPlan(0, 0, 2), Clock.systemUTC());
    for (Instance relay : sandbox.instances()) {
      List<String> arguments = ((LocalInstance) relay).spec().arguments();
      assertThat(arguments).as("the production command with the sandbox's settings")
          .startsWith("relay", "--config", root.resolve("relay.conf").toString());
      List<String> addresses = new java.util.ArrayList<>();
      for (int i = 0; i + 1 < arguments.size(); i++) {
        if (arguments.get(i).equals("--listen") || arguments.get(i).equals("--admin")) {
          addresses.add(arguments.get(i + 1));
        }
      }
      assertThat(addresses).as("TCP and QUIC on one loopback port, the admin listener on loopback too").hasSize(3)
          .allMatch(a -> a.startsWith("/ip4/127.0.0.1/") || a.startsWith("127.0.0.1:"));
      assertThat(addresses.get(0).replace("/tcp/", "/udp/") + "/quic-v1").isEqualTo(addresses.get(1));
    }
    assertThat(Sandbox.RELAY_CONFIG).as("the sandbox keeps the proof of work, only lighter")
        .contains("create-pow-bits = 10");
  }

  @Test
  void refusesAnEmptyOrOversizedPlan() {
    assertThatThrownBy(() -> new SandboxPlan(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxPlan(-1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxPlan(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxPlan(1, SandboxPlan.MAX_INSTANCES - 2, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stoppingASandboxThatNeverStartedDoesNothing(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, SandboxPlan.standard(false), Clock.systemUTC());
    sandbox.stop();
    assertThat(sandbox.running()).isFalse();
  }
}
