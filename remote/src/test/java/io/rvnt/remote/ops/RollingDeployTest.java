package io.rvnt.remote.ops;

import static io.rvnt.remote.ops.RollingPlanTest.ACTIVE;
import static io.rvnt.remote.ops.RollingPlanTest.PASSIVE;
import static io.rvnt.remote.ops.RollingPlanTest.WITNESS;
import static io.rvnt.remote.ops.RollingPlanTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Carrying out a rolling deploy: one member at a time, and nothing further once one fails. */
class RollingDeployTest {
  final List<String> done = new ArrayList<>();
  final List<String> reported = new ArrayList<>();
  final Set<String> unhealthy = new HashSet<>();
  final Set<String> refusesToLead = new HashSet<>();
  final Cancellation cancel = new Cancellation();

  final RollingDeploy.MemberActions fake = new RollingDeploy.MemberActions() {
    @Override
    public ActionResult upgrade(Host host) {
      done.add("upgrade " + host.name());
      return unhealthy.contains(host.name())
          ? new ActionResult(host.name(), "deploy", Outcome.ROLLED_BACK, "2.0", "2.0 is unhealthy; rolled back")
          : new ActionResult(host.name(), "deploy", Outcome.OK, "2.0", "2.0 running and healthy");
    }

    @Override
    public ActionResult moveLeadership(Host to) {
      done.add("lead " + to.name());
      return refusesToLead.contains(to.name())
          ? new ActionResult(to.name(), "transfer-leadership", Outcome.FAILED, "", "did not take over")
          : new ActionResult(to.name(), "transfer-leadership", Outcome.OK, "", "leadership moved to " + to.name());
    }
  };

  RollingPlan normal() {
    return RollingPlan.of(List.of(m(ACTIVE, Leadership.LEADS), m(PASSIVE, Leadership.FOLLOWS),
        m(WITNESS, Leadership.FOLLOWS)));
  }

  List<ActionResult> run(RollingPlan plan) {
    return new RollingDeploy(fake, (host, step) -> reported.add(host + ": " + step), cancel).run(plan, "2.0");
  }

  @Test
  void carriesOutEveryStepInOrderAndReportsEach() {
    List<ActionResult> results = run(normal());

    assertThat(done).containsExactly("upgrade witness-1", "upgrade id-b", "lead id-b", "upgrade id-a", "lead id-a");
    assertThat(results).extracting(ActionResult::outcome).as("every step ended OK").containsOnly(Outcome.OK);
    assertThat(reported).as("each step is reported before it runs").containsExactly(
        "witness-1: upgrading this cluster member; the others wait until it is healthy",
        "id-b: upgrading this cluster member; the others wait until it is healthy",
        "id-b: moving the cluster's leadership here, off id-a before its upgrade",
        "id-a: upgrading this cluster member; the others wait until it is healthy",
        "id-a: moving the cluster's leadership here, back to the active instance");
  }

  @Test
  void aMemberThatDoesNotComeBackHealthyStopsTheRestWhichAreNotTouched() {
    unhealthy.add("witness-1");

    List<ActionResult> results = run(normal());

    assertThat(done).as("nothing after the unhealthy member").containsExactly("upgrade witness-1");
    assertThat(results).extracting(r -> r.host() + " " + r.outcome()).containsExactly(
        "witness-1 ROLLED_BACK", "id-b CANCELLED", "id-a CANCELLED");
    assertThat(results.get(1).detail()).isEqualTo("not touched: witness-1 did not come back healthy (the cluster is "
        + "upgraded one member at a time)");
  }

  @Test
  void theLeaderIsNotUpgradedWhenLeadershipDidNotMoveOffIt() {
    refusesToLead.add("id-b");

    List<ActionResult> results = run(normal());

    assertThat(done).containsExactly("upgrade witness-1", "upgrade id-b", "lead id-b");
    assertThat(results).extracting(r -> r.host() + " " + r.action() + " " + r.outcome()).containsExactly(
        "witness-1 deploy OK", "id-b deploy OK", "id-b transfer-leadership FAILED", "id-a deploy CANCELLED");
    assertThat(results.get(3).detail()).startsWith("not touched: leadership did not move to id-b");
  }

  @Test
  void leadershipThatDoesNotGoBackToTheActiveIsSaidAfterEveryMemberIsUpgraded() {
    refusesToLead.add("id-a");

    List<ActionResult> results = run(normal());

    assertThat(done).containsExactly("upgrade witness-1", "upgrade id-b", "lead id-b", "upgrade id-a", "lead id-a");
    assertThat(results).filteredOn(r -> r.action().equals("deploy")).extracting(ActionResult::outcome)
        .as("every member is upgraded").containsOnly(Outcome.OK);
    assertThat(results.get(4).outcome()).as("the move back says why it failed").isEqualTo(Outcome.FAILED);
  }

  @Test
  void aRefusedPlanTouchesNoMemberAndSaysWhyForEach() {
    RollingPlan refused = RollingPlan.of(List.of(m(ACTIVE, Leadership.LEADS), m(WITNESS, Leadership.FOLLOWS)));

    List<ActionResult> results = run(refused);

    assertThat(done).isEmpty();
    assertThat(results).extracting(r -> r.host() + " " + r.outcome()).containsExactly(
        "witness-1 FAILED", "id-a FAILED");
    assertThat(results.get(0).detail()).startsWith("not touched: id-a leads and no other identity instance");
  }

  @Test
  void aCancelledDeployStopsBetweenMembers() {
    RollingDeploy.MemberActions cancelsAfterFirst = new RollingDeploy.MemberActions() {
      @Override
      public ActionResult upgrade(Host host) {
        cancel.cancel();
        return fake.upgrade(host);
      }

      @Override
      public ActionResult moveLeadership(Host to) {
        return fake.moveLeadership(to);
      }
    };

    List<ActionResult> results = new RollingDeploy(cancelsAfterFirst, Progress.NONE, cancel).run(normal(), "2.0");

    assertThat(done).containsExactly("upgrade witness-1");
    assertThat(results).extracting(r -> r.host() + " " + r.outcome()).containsExactly(
        "witness-1 OK", "id-b CANCELLED", "id-a CANCELLED");
    assertThat(results.get(1).detail()).startsWith("not touched: the deploy was cancelled");
  }
}
