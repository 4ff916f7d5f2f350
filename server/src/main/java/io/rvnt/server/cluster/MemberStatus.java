package io.rvnt.server.cluster;

import io.rvnt.server.config.MemberRole;

/**
 * One member as this member sees it: from its own state for itself, from the member's answer to a status request
 * over the replication listener for the others (a member that did not answer is unreachable and the figures are
 * those of its last answer, or 0).
 *
 * @param lag committed entries it has not applied yet, against the highest commit index any member reported
 */
public record MemberStatus(String name, MemberRole role, boolean reachable, boolean leader, long term,
    long appliedIndex, long lag) {

  /** What {@code cluster status} prints as the role: the leader, else the witness, else a follower. */
  public String roleName() {
    if (!reachable) {
      return "unreachable";
    }
    if (leader) {
      return "leader";
    }
    return role == MemberRole.WITNESS ? "witness" : "follower";
  }
}
