package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import io.rvnt.protocol.client.ClientConfig;
import io.rvnt.protocol.client.IdentityAccounts;
import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.client.IdentityClientException;
import io.rvnt.protocol.client.Keystore;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.CommandRun;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's identity service is the three-member cluster of docs/cluster.md, each member its own
 * {@code ./rvnt server} process: {@code ./rvnt cluster status} against a member's admin listener lists the three with
 * their roles, a registration through the passive instance is acknowledged, and once the leader's process is killed
 * with SIGKILL the others elect a new leader and a write is acknowledged again.
 */
class SandboxClusterIT {
  /**
   * Three JVMs with RocksDB and Ratis, then an election, on a busy 2-core machine; a deadline, not a duration. The
   * sandbox's own start waits for the election ({@code Sandbox.ELECTION_DEADLINE}).
   */
  private static final Duration FAILOVER_DEADLINE = Duration.ofMinutes(3);
  /** One {@code ./rvnt cluster status} line: name, role, term, applied index, lag (docs/cluster.md, Monitoring). */
  private static final Pattern STATUS_LINE =
      Pattern.compile("^(identity-\\w+) (leader|follower|witness|unreachable) term (\\d+) applied (\\d+) lag (\\d+)$");

  @TempDir Path temp;
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.stop();
    }
  }

  @Test
  void clusterStatusListsTheThreeMembersAndAWriteThroughThePassiveIsAcknowledgedAgainAfterTheLeaderIsKilled()
      throws Exception {
    sandbox = SandboxFactory.create(temp.resolve("sandbox"), new SandboxPlan(SandboxPlan.Identity.CLUSTER, 0, 0));
    sandbox.start(name -> { }, () -> false); // returns once the members agree on a leader and have caught up
    assertThat(sandbox.instances()).extracting(Instance::name)
        .containsExactly("identity-active", "identity-passive", "identity-witness");
    assertThat(sandbox.instances().get(2).status().endpoint("api")).as("the witness serves no client").isEmpty();

    CommandRun.Result status = clusterStatus("identity-passive");
    assertThat(status.exitCode()).as("a leader is known: %s", status).isZero();
    // The active takes the lead once caught up (its priority); kill the leader only once all agree and have applied
    // everything, or the survivors' votes may not count (a Raft candidate ignores a member whose log is behind).
    AtomicReference<CommandRun.Result> settled = new AtomicReference<>(status);
    Await.until(FAILOVER_DEADLINE, () -> "the active leads and every member caught up: " + settled.get(), () -> {
      settled.set(clusterStatus("identity-passive"));
      return "leader".equals(roles(settled.get().stdout()).get("identity-active"))
          && settled.get().stdout().lines().filter(l -> STATUS_LINE.matcher(l).matches())
              .map(l -> l.replaceAll("^\\S+ \\S+ ", "")).distinct().count() == 1
          && settled.get().stdout().contains(" lag 0");
    });
    status = settled.get();
    Map<String, String> roles = roles(status.stdout());
    assertThat(roles).as("one line per member, as the sandbox names them: %s", status.stdout())
        .containsOnlyKeys("identity-active", "identity-passive", "identity-witness");
    assertThat(roles.get("identity-witness")).isEqualTo("witness");
    assertThat(roles.values()).as("one leader, the other instance follows").containsOnlyOnce("leader")
        .contains("follower");
    String leader = roles.entrySet().stream().filter(e -> e.getValue().equals("leader")).findFirst().orElseThrow()
        .getKey();

    URI passive = URI.create(member("identity-passive").status().endpoint("api").orElseThrow());
    AtomicInteger names = new AtomicInteger();
    try (IdentityClient client = new IdentityClient(passive, ClientConfig.defaults(), Clock.systemUTC())) {
      IdentityAccounts accounts = new IdentityAccounts(client, Keystore.open(temp.resolve("keys")),
          new SecureRandom());
      accounts.register("before_failover", 2, hashes -> { });
      assertThat(accounts.bundle("before_failover").username()).as("registered through the passive instance")
          .isEqualTo("before_failover");

      long pid = member(leader).status().pid().orElseThrow();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hook
      Await.until(FAILOVER_DEADLINE, leader + " is gone",
          () -> member(leader).status().state() == InstanceState.FAILED);

      // The passive answers 503 (or the killed leader's connection breaks) until a leader is elected; each try is
      // a new name, since an attempt whose answer was lost may have been committed.
      URI survivor = leader.equals("identity-passive")
          ? URI.create(member("identity-active").status().endpoint("api").orElseThrow()) : passive;
      List<String> refusals = new ArrayList<>();
      AtomicReference<String> acknowledged = new AtomicReference<>();
      try (IdentityClient after = new IdentityClient(survivor, ClientConfig.defaults(), Clock.systemUTC())) {
        IdentityAccounts retry = new IdentityAccounts(after, Keystore.open(temp.resolve("keys-after")),
            new SecureRandom());
        Await.until(FAILOVER_DEADLINE, () -> "no write acknowledged after the leader was killed; refusals: "
            + refusals.subList(Math.max(0, refusals.size() - 5), refusals.size()), () -> {
              String name = "after_failover_" + names.incrementAndGet();
              try {
                retry.register(name, 2, hashes -> { });
                acknowledged.set(name);
                return true;
              } catch (IdentityClientException | IOException e) {
                refusals.add(e.getMessage());
                return false;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
              }
            });
        assertThat(retry.bundle(acknowledged.get()).username()).as("the acknowledged write is there")
            .isEqualTo(acknowledged.get());
        assertThat(retry.bundle("before_failover").username()).as("and the one from before the failover")
            .isEqualTo("before_failover");
      }
    }

    String survivor = leader.equals("identity-passive") ? "identity-active" : "identity-passive";
    CommandRun.Result after = clusterStatus(survivor);
    assertThat(after.exitCode()).as("a leader is known again: %s", after).isZero();
    Map<String, String> rolesAfter = roles(after.stdout());
    assertThat(rolesAfter.get(leader)).as("the killed leader: %s", after.stdout()).isEqualTo("unreachable");
    assertThat(rolesAfter.values()).as("a new leader among the two left: %s", after.stdout())
        .containsOnlyOnce("leader");
  }

  private Instance member(String name) {
    return sandbox.instances().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  /** {@code ./rvnt cluster status --admin ADMIN} against the member's admin listener, as an operator runs it. */
  private CommandRun.Result clusterStatus(String via) {
    String admin = member(via).status().adminUrl().orElseThrow().replace("http://", "");
    return CommandRun.run(Child.java("-jar", Child.jar(), "cluster", "status", "--admin", admin), Map.of(), temp);
  }

  private static Map<String, String> roles(String stdout) {
    Map<String, String> roles = new java.util.LinkedHashMap<>();
    for (String line : stdout.lines().toList()) {
      Matcher m = STATUS_LINE.matcher(line);
      if (m.matches()) {
        roles.put(m.group(1), m.group(2));
      }
    }
    return roles;
  }
}
