package io.rvnt.server.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The cluster as one member sees it, for /metrics and {@code cluster status}: the leader it knows (empty during an
 * election), its own term and indexes, how often it saw the leader change, and every member, itself first.
 */
public record ClusterStatus(String self, Optional<String> leader, long term, long commitIndex, long appliedIndex,
    long leaderChanges, List<MemberStatus> members) {
  public ClusterStatus {
    members = List.copyOf(members);
  }

  /**
   * Committed entries this member has not applied yet, as its own line says (which counts a member that has applied
   * nothing as lagging even behind a commit index of 0).
   */
  public long lag() {
    return members.isEmpty() ? Math.max(0, commitIndex - appliedIndex) : members.get(0).lag();
  }

  public boolean isLeader() {
    return leader.filter(self::equals).isPresent();
  }
}
