package io.rvnt.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  private static final ChildCommand JAR = new ChildCommand(Path.of("java"), Path.of("rvnt.jar"), List.of());
  /** Writes stand-in key files as the server's MemberKeys would (the key 0600) and returns a made-up pin. */
  static final MemberKeyMaker FAKE_KEYS = (member, key, certificate) -> {
    Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(certificate, "certificate of " + member);
    byte[] pin = new byte[32];
    new java.security.SecureRandom().nextBytes(pin);
    return HexFormat.of().formatHex(pin);
  };

  private static Sandbox sandbox(Path root, SandboxPlan plan) throws Exception {
    return new Sandbox(root, JAR, plan, Clock.systemUTC(), FAKE_KEYS);
  }

  @Test
  void plansTheIdentityClusterThreeBootstrapNodesAndTwoRelaysEachWithItsOwnFolder(@TempDir Path root)
      throws Exception {
    Sandbox sandbox = sandbox(root, SandboxPlan.standard(true));
    assertThat(sandbox.instances()).extracting(Instance::name).as("the standard sandbox, members named as "
            + "./rvnt cluster status prints them")
        .containsExactly("identity-active", "identity-passive", "identity-witness", "bootstrap-1", "bootstrap-2",
            "bootstrap-3", "relay-1", "relay-2");
    assertThat(sandbox.instances()).extracting(Instance::name).filteredOn(n -> n.startsWith("identity-"))
        .as("valid member names (io.rvnt.server.config.ClusterMember.NAME)")
        .allMatch(n -> n.matches("[a-z][a-z0-9_-]{0,31}"));
    assertThat(sandbox.instances()).extracting(Instance::role).containsExactly(Role.IDENTITY, Role.IDENTITY,
        Role.IDENTITY, Role.BOOTSTRAP, Role.BOOTSTRAP, Role.BOOTSTRAP, Role.RELAY, Role.RELAY);
    assertThat(sandbox.instances()).as("nothing runs before start")
        .allMatch(i -> i.status().state() == InstanceState.STOPPED);
    assertThat(sandbox.instances().stream().map(i -> ((LocalInstance) i).spec().dataDir()).toList())
        .as("each instance keeps its data in its own folder under the sandbox")
        .doesNotHaveDuplicates().allMatch(dir -> dir.getParent().equals(root));
  }

  @Test
  void givesEveryListenerItsOwnLoopbackPort(@TempDir Path root) throws Exception {
    Sandbox sandbox = sandbox(root, new SandboxPlan(SandboxPlan.Identity.CLUSTER, 3, 2));
    List<String> ports = new java.util.ArrayList<>(sandbox.instances().stream()
        .flatMap(i -> ((LocalInstance) i).spec().arguments().stream())
        .filter(a -> a.startsWith("127.0.0.1:") || a.startsWith("/ip4/127.0.0.1/tcp/"))
        .map(a -> a.substring(a.lastIndexOf(a.contains("/tcp/") ? '/' : ':') + 1)).toList());
    assertThat(ports).as("two ports per instance, all different").hasSize(16).doesNotHaveDuplicates();
  }

  @Test
  void theSingleIdentityServerRunsTheServerCommandWithTheSandboxConfig(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, SandboxPlan.standard(false).withSingleIdentity(), Clock.systemUTC());
    assertThat(sandbox.instances()).extracting(Instance::name).as("the single embedded instance")
        .containsExactly("identity");
    LocalInstance identity = (LocalInstance) sandbox.instances().get(0);
    assertThat(identity.spec().arguments()).as("the production command with the sandbox's settings")
        .startsWith("server", "--config", root.resolve("identity.conf").toString());
  }

  @Test
  void eachClusterMemberRunsTheServerCommandWithItsOwnConfigAndFolder(@TempDir Path root) throws Exception {
    Sandbox sandbox = sandbox(root, SandboxPlan.standard(false));
    for (Instance member : sandbox.instances()) {
      InstanceSpec spec = ((LocalInstance) member).spec();
      assertThat(spec.arguments()).as("%s: the production command with its own configuration", member.name())
          .startsWith("server", "--config", root.resolve(member.name() + ".conf").toString(), "--data-dir",
              root.resolve(member.name()).toString());
    }
  }

  @Test
  void theSingleIdentityServerWithTorRunsAnOnionListenerThatRequiresTheProxyHeader(@TempDir Path root)
      throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, SandboxPlan.standard(false).withSingleIdentity().withTor(),
        Clock.systemUTC());
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
    assertThatThrownBy(() -> new SandboxPlan(SandboxPlan.Identity.NONE, 3, 0, true))
        .as("the onion service is an identity server")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the sandbox's onion service is an identity server: plan one");
  }

  @Test
  void relaysRunTheRelayCommandWithTheSandboxConfigOnLoopbackOnly(@TempDir Path root) throws Exception {
    Sandbox sandbox = new Sandbox(root, JAR, new SandboxPlan(SandboxPlan.Identity.NONE, 0, 2), Clock.systemUTC());
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
    assertThatThrownBy(() -> new SandboxPlan(SandboxPlan.Identity.NONE, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxPlan(SandboxPlan.Identity.NONE, -1, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxPlan(SandboxPlan.Identity.SINGLE, 1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxPlan(SandboxPlan.Identity.CLUSTER, SandboxPlan.MAX_INSTANCES - 4, 2))
        .as("the cluster counts three instances").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClusterSandboxNeedsAWayToMakeMemberKeys(@TempDir Path root) {
    assertThatThrownBy(() -> new Sandbox(root, JAR, SandboxPlan.standard(false), Clock.systemUTC()))
        .as("the server's MemberKeys, wired in by the app").isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the identity cluster needs a MemberKeyMaker for its members' keys");
  }

  @Test
  void stoppingASandboxThatNeverStartedDoesNothing(@TempDir Path root) throws Exception {
    Sandbox sandbox = sandbox(root, SandboxPlan.standard(false));
    sandbox.stop();
    assertThat(sandbox.running()).isFalse();
  }
}
