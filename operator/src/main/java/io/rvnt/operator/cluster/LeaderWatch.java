package io.rvnt.operator.cluster;

import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.metrics.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Notices an identity cluster's leader changing from one poll round to a later one: a failover, or leadership moved
 * or handed back to the active. The leader is the member that says it leads, on a fresh answer of its own admin
 * listener (two may say so for a moment, a deposed leader that has not heard of the election: the higher term
 * wins); a round without one (an election under way) keeps the last leader, so that the change is one event from
 * the old leader to the new. Clusters are told apart by their members' names. Not thread-safe: one poller calls it.
 */
public final class LeaderWatch {
  /**
   * The leader changed.
   *
   * @param from the instance that led before, as the console names it
   * @param to the instance that leads now
   * @param term the term it leads in
   */
  public record LeaderChange(Instant at, String from, String to, long term) {
    public LeaderChange {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  private record Leader(String name, long term) {}

  private final Map<Set<String>, Leader> leaders = new HashMap<>();

  /** One poll round; returns the changes it shows, none the first time a cluster's leader is seen. */
  public List<LeaderChange> update(List<Observation> round, Instant now) {
    Map<Set<String>, Leader> seen = new HashMap<>();
    for (Observation o : round) {
      if (o.status().state() != InstanceState.RUNNING || o.error().isPresent() || o.latest().isEmpty()) {
        continue; // a stopped or silent member's last sample is old news
      }
      MemberView.of(o.latest().get()).filter(MemberView::leads).ifPresent(view -> seen.merge(view.members(),
          new Leader(o.status().name(), view.term()), (a, b) -> a.term() >= b.term() ? a : b));
    }
    List<LeaderChange> changes = new ArrayList<>();
    seen.forEach((cluster, leader) -> {
      Leader before = leaders.put(cluster, leader);
      if (before != null && !before.name().equals(leader.name()) && leader.term() >= before.term()) {
        changes.add(new LeaderChange(now, before.name(), leader.name(), leader.term()));
      } else if (before != null && leader.term() < before.term()) {
        leaders.put(cluster, before); // a deposed leader's late answer
      }
    });
    return changes;
  }
}
