package io.rvnt.operator.cluster;

import io.rvnt.operator.metrics.MetricsSample;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one identity cluster member says of the cluster on its admin listener: its {@code rvnt_identity_cluster_...}
 * gauges (docs/cluster.md, Monitoring), read from a metrics sample. The gauge names are the server's
 * ({@code io.rvnt.server.metrics.IdentityComponent}; the app's {@code MemberViewOfServerTest} reads a real snapshot).
 *
 * @param leads this member leads ({@code cluster_leader})
 * @param leaderKnown this member knows a leader ({@code cluster_leader_known})
 * @param lag committed entries this member has not applied yet
 * @param members every member's name (the {@code member} label of the per-member families)
 * @param witnesses the members configured as the witness
 */
public record MemberView(boolean leads, boolean leaderKnown, long term, long commitIndex, long appliedIndex,
    long lag, Set<String> members, Set<String> witnesses) {
  static final String LEADER = "cluster_leader";
  static final String LEADER_KNOWN = "cluster_leader_known";
  static final String TERM = "cluster_term";
  static final String COMMIT_INDEX = "cluster_commit_index";
  static final String APPLIED_INDEX = "cluster_applied_index";
  static final String LAG = "cluster_lag";
  /** Per member: the key is this prefix and the member's name. */
  static final String MEMBER_WITNESS = "cluster_member_witness_";

  public static final String ROLE_LEADER = "leader";
  public static final String ROLE_FOLLOWER = "follower";
  public static final String ROLE_WITNESS = "witness";

  public MemberView {
    members = Set.copyOf(members);
    witnesses = Set.copyOf(witnesses);
  }

  /** The sample's view of the cluster; empty for anything but a cluster member (a single instance, a relay). */
  public static Optional<MemberView> of(MetricsSample sample) {
    Map<String, Double> gauges = sample.gauges();
    if (!gauges.containsKey(LEADER)) {
      return Optional.empty();
    }
    Set<String> members = new TreeSet<>();
    Set<String> witnesses = new TreeSet<>();
    gauges.forEach((key, value) -> {
      if (key.startsWith(MEMBER_WITNESS)) {
        String name = key.substring(MEMBER_WITNESS.length());
        members.add(name);
        if (value >= 1) {
          witnesses.add(name);
        }
      }
    });
    return Optional.of(new MemberView(gauge(gauges, LEADER) >= 1, gauge(gauges, LEADER_KNOWN) >= 1,
        (long) gauge(gauges, TERM), (long) gauge(gauges, COMMIT_INDEX), (long) gauge(gauges, APPLIED_INDEX),
        (long) gauge(gauges, LAG), members, witnesses));
  }

  private static double gauge(Map<String, Double> gauges, String name) {
    return gauges.getOrDefault(name, 0.0);
  }

  /**
   * The role of this member, named {@code self}, as {@code ./rvnt cluster status} prints it: {@code leader},
   * {@code witness} or {@code follower}.
   */
  public String role(String self) {
    return leads ? ROLE_LEADER : witnesses.contains(self) ? ROLE_WITNESS : ROLE_FOLLOWER;
  }

  /**
   * Whether the members, one view each, have settled after a start or an election: one of them leads, all are in
   * its term and know a leader themselves (one leader per term, so the same one), and each has applied everything
   * it knows committed and everything the leader committed. Only then is the cluster ready to lose its leader: a
   * Raft candidate counts no vote from a member whose log is behind its own (or still empty).
   */
  public static boolean settled(List<MemberView> views) {
    List<MemberView> leaders = views.stream().filter(MemberView::leads).toList();
    if (leaders.size() != 1) {
      return false;
    }
    MemberView leader = leaders.get(0);
    return views.stream().allMatch(v -> v.leaderKnown() && v.term() == leader.term() && v.lag() == 0
        && v.appliedIndex() >= leader.commitIndex());
  }
}
