package io.rvnt.remote.ops;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The order in which a deploy upgrades the members of the identity cluster (docs/cluster.md, "Rolling deploy"), decided
 * from the hosts' roles and who leads, with nothing done yet: the followers one at a time (the witness first, then the
 * other instance), then leadership moves to an upgraded instance, then the old leader, and finally leadership goes back
 * to the active instance, or a note says why it cannot. Every host that is not a running cluster's member (a bootstrap
 * node, a relay, a single identity instance, or a cluster of which no member runs yet, whose members must start
 * together to elect a leader) is deployed as before, all at once. {@link RollingDeploy} carries the steps out.
 *
 * @param alone the hosts deployed as before, in parallel
 * @param members the running cluster's members in this deploy, in the order they are upgraded
 * @param steps the members' steps, in order; empty without a running cluster, or when refused
 * @param refusal why the members cannot be deployed one at a time, if so: then none of them is touched
 */
public record RollingPlan(List<Host> alone, List<Host> members, List<Step> steps, Optional<String> refusal) {
  /**
   * A host as the plan sees it: what it is, and what its metrics said before anything was done (ignored for a host
   * that runs no identity server).
   */
  public record Member(Host host, Leadership leadership) {}

  /** One step of a rolling deploy. */
  public sealed interface Step permits Upgrade, MoveLeadership, Note {}

  /** Deploy the new release on {@code host} and wait until it is healthy. */
  public record Upgrade(Host host) implements Step {}

  /** Ask {@code to}'s admin listener to make {@code to} the leader; {@code why} is what the operator reads. */
  public record MoveLeadership(Host to, String why) implements Step {}

  /** Nothing to do, something to say: why leadership does not go back to the active instance. */
  public record Note(Host about, String text) implements Step {}

  public RollingPlan {
    alone = List.copyOf(alone);
    members = List.copyOf(members);
    steps = List.copyOf(steps);
  }

  /** The plan for {@code hosts}, in the inventory's order. */
  public static RollingPlan of(List<Member> hosts) {
    List<Member> members = hosts.stream().filter(m -> m.host().role().identityServer())
        .filter(m -> m.leadership() != Leadership.SINGLE).toList();
    boolean clusterRuns = members.stream()
        .anyMatch(m -> m.leadership() == Leadership.LEADS || m.leadership() == Leadership.FOLLOWS);
    if (!clusterRuns) {
      return new RollingPlan(hosts.stream().map(Member::host).toList(), List.of(), List.of(), Optional.empty());
    }
    List<Host> alone = hosts.stream().filter(m -> !members.contains(m)).map(Member::host).toList();
    List<Member> leaders = members.stream().filter(m -> m.leadership() == Leadership.LEADS).toList();
    // The witness first: it serves no client, so a release that breaks is found where it costs least.
    List<Host> followers = members.stream().filter(m -> m.leadership() != Leadership.LEADS).map(Member::host)
        .sorted(Comparator.comparingInt(RollingPlan::upgradeRank)).toList();
    List<Host> order = new ArrayList<>(followers);
    leaders.forEach(m -> order.add(m.host()));
    if (leaders.size() > 1) {
      return new RollingPlan(alone, order, List.of(), Optional.of(names(leaders) + " all say they lead (an "
          + "election is under way): deploy again once one leads (./rvnt cluster status)"));
    }
    List<Step> steps = new ArrayList<>();
    followers.forEach(host -> steps.add(new Upgrade(host)));
    if (leaders.isEmpty()) {
      // The leader is not in this deploy (or there is none, and the first health check says so).
      return new RollingPlan(alone, order, steps, Optional.empty());
    }
    Host leader = leaders.get(0).host();
    // The active, if it follows, takes over for good; else the passive takes over until the leader is back.
    Optional<Host> heir = followers.stream().filter(h -> h.role() != Role.IDENTITY_WITNESS)
        .min(Comparator.comparing(h -> h.role() != Role.IDENTITY_ACTIVE));
    if (heir.isEmpty()) {
      return new RollingPlan(alone, order, List.of(), Optional.of(leader.name() + " leads and no other identity "
          + "instance is in this deploy to take over while it restarts: deploy the cluster's hosts together (name "
          + "them, or --all)"));
    }
    steps.add(new MoveLeadership(heir.get(), "off " + leader.name() + " before its upgrade"));
    steps.add(new Upgrade(leader));
    if (heir.get().role() != Role.IDENTITY_ACTIVE) {
      Optional<Host> active = members.stream().map(Member::host).filter(h -> h.role() == Role.IDENTITY_ACTIVE)
          .findFirst();
      steps.add(active.<Step>map(h -> new MoveLeadership(h, "back to the active instance"))
          .orElseGet(() -> new Note(heir.get(), "leadership stays with " + heir.get().name() + ": no identity-active "
              + "host is in this deploy; move it with ./rvnt cluster transfer-leadership")));
    }
    return new RollingPlan(alone, order, steps, Optional.empty());
  }

  private static int upgradeRank(Host host) {
    return switch (host.role()) {
      case IDENTITY_WITNESS -> 0;
      case IDENTITY_PASSIVE -> 1;
      default -> 2;
    };
  }

  private static String names(List<Member> members) {
    return String.join(", ", members.stream().map(m -> m.host().name()).toList());
  }
}
