package io.rvnt.remote.ops;

import io.rvnt.remote.inventory.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rvnt remote deploy} on several hosts: asks each identity host who leads (its admin {@code /metrics}), then
 * deploys the hosts that are no running cluster's members at once on the {@link Fleet}, and upgrades the members one
 * at a time in {@link RollingPlan}'s order ({@link RollingDeploy}). Results: the others' in the hosts' order, then
 * the members' in the order of their steps. Thread-safe as the actions it is given.
 */
public final class FleetDeploy {
  private final HostActions actions;
  private final Fleet fleet;

  public FleetDeploy(HostActions actions, Fleet fleet) {
    this.actions = actions;
    this.fleet = fleet;
  }

  public List<ActionResult> deploy(List<Host> hosts, Bundle bundle, Progress progress, Cancellation cancel)
      throws InterruptedException {
    // Who leads, read before anything changes; a host that runs no identity server is not asked.
    List<RollingPlan.Member> members = new ArrayList<>();
    for (Host host : hosts) {
      members.add(new RollingPlan.Member(host, host.role().identityServer()
          ? actions.leadership(host, progress, cancel) : Leadership.SINGLE));
    }
    RollingPlan plan = RollingPlan.of(members);
    List<ActionResult> results = new ArrayList<>(plan.alone().isEmpty() ? List.of()
        : fleet.run(plan.alone(), RollingDeploy.DEPLOY, host -> actions.deploy(host, bundle, progress, cancel)));
    RollingDeploy.MemberActions overSsh = new RollingDeploy.MemberActions() {
      @Override
      public ActionResult upgrade(Host host) {
        return actions.deploy(host, bundle, progress, cancel);
      }

      @Override
      public ActionResult moveLeadership(Host to) {
        return actions.transferLeadership(to, progress, cancel);
      }
    };
    results.addAll(new RollingDeploy(overSsh, progress, cancel).run(plan, bundle.version()));
    return results;
  }
}
