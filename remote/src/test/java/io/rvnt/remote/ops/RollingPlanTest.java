package io.rvnt.remote.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of a rolling deploy of the identity cluster, from the hosts' roles and who leads (docs/cluster.md). */
class RollingPlanTest {
  static final Host ACTIVE = host("id-a", Role.IDENTITY_ACTIVE);
  static final Host PASSIVE = host("id-b", Role.IDENTITY_PASSIVE);
  static final Host WITNESS = host("witness-1", Role.IDENTITY_WITNESS);
  static final Host BOOT = host("boot1", Role.BOOTSTRAP);
  static final Host RELAY = host("relay1", Role.RELAY);

  static Host host(String name, Role role) {
    return new Host(name, "127.0.0.1", 22, "root", role, Optional.empty(), ServiceMode.PLAIN, "/srv/" + name,
        Path.of("/keys/operator"), role.defaultAdminPort());
  }

  static RollingPlan.Member m(Host host, Leadership leadership) {
    return new RollingPlan.Member(host, leadership);
  }

  /** The steps as the operator would read them. */
  static List<String> steps(RollingPlan plan) {
    return plan.steps().stream().map(step -> {
      if (step instanceof RollingPlan.Upgrade u) {
        return "upgrade " + u.host().name();
      }
      if (step instanceof RollingPlan.MoveLeadership move) {
        return "lead " + move.to().name();
      }
      return "note " + ((RollingPlan.Note) step).about().name();
    }).toList();
  }

  @Test
  void upgradesTheFollowersFirstThenMovesLeadershipThenTheOldLeaderThenGivesItBackToTheActive() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.LEADS), m(PASSIVE, Leadership.FOLLOWS),
        m(WITNESS, Leadership.FOLLOWS)));

    assertThat(steps(plan)).as("witness, passive, passive leads, active, active leads again")
        .containsExactly("upgrade witness-1", "upgrade id-b", "lead id-b", "upgrade id-a", "lead id-a");
    assertThat(plan.alone()).as("no cluster member is deployed alongside the others").isEmpty();
    assertThat(plan.members()).as("every member, in upgrade order").containsExactly(WITNESS, PASSIVE, ACTIVE);
    assertThat(plan.refusal()).isEmpty();
  }

  @Test
  void afterAFailoverTheActiveTakesOverFromThePassiveForGoodAndNoMoveBackIsNeeded() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.FOLLOWS), m(PASSIVE, Leadership.LEADS),
        m(WITNESS, Leadership.FOLLOWS)));

    assertThat(steps(plan)).as("the leader (passive) is upgraded last, after leadership went to the active")
        .containsExactly("upgrade witness-1", "upgrade id-a", "lead id-a", "upgrade id-b");
  }

  @Test
  void aLeadingWitnessIsUpgradedLastAfterTheActiveTookOver() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.FOLLOWS), m(PASSIVE, Leadership.FOLLOWS),
        m(WITNESS, Leadership.LEADS)));

    assertThat(steps(plan)).as("the instances first, passive before active; the witness never leads by choice")
        .containsExactly("upgrade id-b", "upgrade id-a", "lead id-a", "upgrade witness-1");
  }

  @Test
  void aSingleIdentityInstanceWithoutAClusterIsDeployedAsBeforeWithTheOtherHosts() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.SINGLE), m(BOOT, Leadership.SINGLE),
        m(RELAY, Leadership.SINGLE)));

    assertThat(plan.alone()).as("today's deploy: every host at once").containsExactly(ACTIVE, BOOT, RELAY);
    assertThat(plan.steps()).isEmpty();
    assertThat(plan.members()).isEmpty();
  }

  @Test
  void aClusterOfWhichNoMemberRunsYetStartsAllAtOnceToElectALeader() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.DOWN), m(PASSIVE, Leadership.DOWN),
        m(WITNESS, Leadership.DOWN)));

    assertThat(plan.alone()).as("one member alone can never be healthy: it needs a majority to know a leader")
        .containsExactly(ACTIVE, PASSIVE, WITNESS);
    assertThat(plan.steps()).isEmpty();
  }

  @Test
  void otherRolesGoAheadAsBeforeWhileTheMembersAreUpgradedOneAtATime() {
    RollingPlan plan = RollingPlan.of(List.of(m(BOOT, Leadership.SINGLE), m(ACTIVE, Leadership.LEADS),
        m(PASSIVE, Leadership.FOLLOWS), m(RELAY, Leadership.SINGLE), m(WITNESS, Leadership.FOLLOWS)));

    assertThat(plan.alone()).containsExactly(BOOT, RELAY);
    assertThat(plan.members()).containsExactly(WITNESS, PASSIVE, ACTIVE);
  }

  @Test
  void aMemberThatIsDownIsUpgradedAsAFollower() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.LEADS), m(PASSIVE, Leadership.FOLLOWS),
        m(WITNESS, Leadership.DOWN)));

    assertThat(steps(plan)).containsExactly("upgrade witness-1", "upgrade id-b", "lead id-b", "upgrade id-a",
        "lead id-a");
  }

  @Test
  void withoutTheLeaderInTheDeployOnlyTheFollowersAreUpgradedAndLeadershipStays() {
    RollingPlan plan = RollingPlan.of(List.of(m(PASSIVE, Leadership.FOLLOWS), m(WITNESS, Leadership.FOLLOWS)));

    assertThat(steps(plan)).containsExactly("upgrade witness-1", "upgrade id-b");
  }

  @Test
  void withoutTheActiveInTheDeployLeadershipStaysWithThePassiveAndANoteSaysWhy() {
    Host otherPassive = host("id-c", Role.IDENTITY_PASSIVE);
    RollingPlan plan = RollingPlan.of(List.of(m(PASSIVE, Leadership.LEADS), m(otherPassive, Leadership.FOLLOWS),
        m(WITNESS, Leadership.FOLLOWS)));

    assertThat(steps(plan)).containsExactly("upgrade witness-1", "upgrade id-c", "lead id-c", "upgrade id-b",
        "note id-c");
    assertThat(((RollingPlan.Note) plan.steps().get(4)).text())
        .isEqualTo("leadership stays with id-c: no identity-active host is in this deploy; move it with ./rvnt "
            + "cluster transfer-leadership");
  }

  @Test
  void refusesToUpgradeALeaderThatNoOtherInstanceInTheDeployCanRelieve() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.LEADS), m(WITNESS, Leadership.FOLLOWS)));

    assertThat(plan.steps()).as("nothing is touched").isEmpty();
    assertThat(plan.members()).containsExactly(WITNESS, ACTIVE);
    assertThat(plan.refusal()).contains("id-a leads and no other identity instance is in this deploy to take over "
        + "while it restarts: deploy the cluster's hosts together (name them, or --all)");
  }

  @Test
  void refusesWhileTwoMembersSayTheyLead() {
    RollingPlan plan = RollingPlan.of(List.of(m(ACTIVE, Leadership.LEADS), m(PASSIVE, Leadership.LEADS),
        m(WITNESS, Leadership.FOLLOWS)));

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.refusal()).contains("id-a, id-b all say they lead (an election is under way): deploy again "
        + "once one leads (./rvnt cluster status)");
  }
}
