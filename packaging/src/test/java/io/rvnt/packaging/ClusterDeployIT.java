package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import io.rvnt.remote.ops.FleetDeploy;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ops.Leadership;
import io.rvnt.remote.ops.Outcome;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import io.rvnt.server.cluster.MemberKeys;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.Sshd;
import io.rvnt.testsupport.TestPow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity cluster deployed over SSH (issue 13, {@code rvnt remote}): three plain-mode hosts behind a real sshd
 * on loopback, an active, a passive and a witness, each running the real bundle's server as a real cluster member.
 * The first deploy starts them together; an upgrade then goes one member at a time, followers first, leadership
 * moved off the leader and back; a broken release on the first member stops the upgrade before the others.
 */
class ClusterDeployIT {
  static final String V2 = "0.1.1-test";
  static final String BROKEN = "0.9.9-broken";
  /** A member starts, joins and catches up on a busy machine within this: a deadline, not a duration. */
  static final HealthSettings HEALTH =
      new HealthSettings(Duration.ofSeconds(180), Duration.ofMillis(500), Duration.ofSeconds(10));
  static final Duration LEADER_DEADLINE = Duration.ofSeconds(180);

  @TempDir Path dir;
  final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  final Progress progress = (name, step) -> steps.add(name + ": " + step);

  @Test
  void upgradesTheMembersOneAtATimeFollowersFirstAndStopsAtTheFirstThatIsNotHealthy() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(3);
    try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "")) {
      Host active = host("id-a", Role.IDENTITY_ACTIVE, sshd);
      Host passive = host("id-b", Role.IDENTITY_PASSIVE, sshd);
      Host witness = host("witness-1", Role.IDENTITY_WITNESS, sshd);
      List<Host> hosts = List.of(active, passive, witness);
      HostActions actions = new HostActions(new SshConnector(SshSettings.DEFAULTS),
          new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE),
          new ActionLog(dir.resolve("operator/actions.log"), Clock.systemUTC()), HEALTH, Clock.systemUTC());
      FleetDeploy deploy = new FleetDeploy(actions, new Fleet(executor));
      Bundle v1 = Bundle.of(Shipped.bundle());
      try {
        for (ActionResult provisioned : new Fleet(executor).run(hosts, "provision",
            h -> actions.provision(h, v1, List.of(), progress, new Cancellation()))) {
          assertThat(provisioned.outcome()).as(provisioned.detail()).isEqualTo(Outcome.OK);
        }
        writeClusterConfigs(Map.of("alpha", active, "beta", passive, "gamma", witness));

        List<ActionResult> first = deploy.deploy(hosts, v1, progress, new Cancellation());
        assertThat(first).as("no member runs yet: all start together, elect, and are healthy: %s / %s", first, steps)
            .extracting(r -> r.host() + " " + r.outcome())
            .containsExactly("id-a OK", "id-b OK", "witness-1 OK");
        awaitLeader(actions, active);

        steps.clear();
        Bundle v2 = Bundle.of(Bundles.variant(dir.resolve("work"), V2, null, true));
        List<ActionResult> upgrade = deploy.deploy(hosts, v2, progress, new Cancellation());
        assertThat(upgrade).as("followers first (the witness, then the passive), leadership to the passive, the "
                + "old leader, leadership back to the active: %s / %s", upgrade, steps)
            .extracting(r -> r.host() + " " + r.action() + " " + r.outcome()).containsExactly(
                "witness-1 deploy OK", "id-b deploy OK", "id-b transfer-leadership OK", "id-a deploy OK",
                "id-a transfer-leadership OK");
        assertThat(upgrade.get(2).detail()).isEqualTo("leadership moved to beta");
        assertThat(upgrade.get(4).detail()).isEqualTo("leadership moved to alpha");
        assertThat(steps).as("each member is upgraded only after the one before it was healthy")
            .containsSubsequence(
                "witness-1: upgrading this cluster member; the others wait until it is healthy",
                "witness-1: healthy",
                "id-b: upgrading this cluster member; the others wait until it is healthy",
                "id-b: healthy",
                "id-b: moving the cluster's leadership here, off id-a before its upgrade",
                "id-a: upgrading this cluster member; the others wait until it is healthy",
                "id-a: healthy",
                "id-a: moving the cluster's leadership here, back to the active instance");
        assertThat(actions.leadership(active, Progress.NONE, new Cancellation())).as("the active leads again")
            .isEqualTo(Leadership.LEADS);
        for (Host h : hosts) {
          assertThat(actions.status(h, Progress.NONE, new Cancellation()).version()).as(h.name() + " runs " + V2)
              .isEqualTo(V2);
        }

        steps.clear();
        Bundle broken = Bundle.of(Bundles.variant(dir.resolve("work"), BROKEN,
            "not a jar".getBytes(StandardCharsets.US_ASCII), true));
        List<ActionResult> stopped = deploy.deploy(hosts, broken, progress, new Cancellation());
        assertThat(stopped).as("the witness, first, does not come back healthy: nothing further is touched: %s / %s",
                stopped, steps)
            .extracting(r -> r.host() + " " + r.outcome())
            .containsExactly("witness-1 ROLLED_BACK", "id-b CANCELLED", "id-a CANCELLED");
        assertThat(stopped.get(1).detail()).startsWith("not touched: witness-1 did not come back healthy");
        for (Host h : hosts) {
          assertThat(actions.status(h, Progress.NONE, new Cancellation()).version())
              .as(h.name() + " still runs " + V2).isEqualTo(V2);
        }
      } finally {
        for (Host h : hosts) {
          actions.stop(h, Progress.NONE, new Cancellation());
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private Host host(String name, Role role, Sshd sshd) throws Exception {
    return new Host(name, "127.0.0.1", sshd.port(), "root", role, Optional.of(sshd.hostKeyFingerprint()),
        ServiceMode.PLAIN, Files.createDirectories(dir.resolve(name)).toString(), sshd.clientKey(),
        LoopbackPorts.free());
  }

  /**
   * Each member's config as an operator fills it in (docs/cluster.md's three-host example): its own key and
   * certificate, one shared proof-of-work seed key, the same member lines everywhere, on loopback test ports.
   */
  private void writeClusterConfigs(Map<String, Host> byMember) throws Exception {
    Path keys = Files.createDirectories(dir.resolve("cluster"));
    Path seed = TestPow.writeKey(keys.resolve("pow-seed.key"));
    Map<String, String> lines = new LinkedHashMap<>();
    for (String name : List.of("alpha", "beta", "gamma")) {
      Host h = byMember.get(name);
      String pin = MemberKeys.generate(name, keys.resolve(name + ".key"), keys.resolve(name + ".crt")).pin();
      String role = switch (h.role()) {
        case IDENTITY_ACTIVE -> "active";
        case IDENTITY_PASSIVE -> "passive";
        default -> "witness";
      };
      lines.put(name, role + " 127.0.0.1:" + LoopbackPorts.free() + " " + pin);
    }
    for (Map.Entry<String, Host> member : byMember.entrySet()) {
      String name = member.getKey();
      Host h = member.getValue();
      Path root = Path.of(h.root());
      StringBuilder text = new StringBuilder()
          .append("listen = 127.0.0.1:").append(LoopbackPorts.free()).append('\n')
          .append("admin-listen = 127.0.0.1:").append(h.adminPort()).append('\n')
          .append("data-dir = ").append(root.resolve("var/lib/rvnt/" + h.role().service())).append('\n')
          .append("pow-seed-key = ").append(seed).append('\n')
          .append("cluster-self = ").append(name).append('\n')
          .append("cluster-key = ").append(keys.resolve(name + ".key")).append('\n')
          .append("cluster-certificate = ").append(keys.resolve(name + ".crt")).append('\n');
      lines.forEach((other, line) -> text.append("cluster-member.").append(other).append(" = ").append(line)
          .append('\n'));
      Files.writeString(root.resolve(h.role().config().substring(1)), text);
    }
  }

  /** Waits until the active leads (Ratis hands leadership to the member with the highest priority). */
  private static void awaitLeader(HostActions actions, Host active) {
    // Each question is an SSH login: asked twice a second, not at Await's default pace.
    Await.until(LEADER_DEADLINE, Duration.ofMillis(500), active.name() + " leads",
        () -> actions.leadership(active, Progress.NONE, new Cancellation()) == Leadership.LEADS);
  }
}
