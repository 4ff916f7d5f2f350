package io.rvnt.operator.cluster;

import static io.rvnt.operator.cluster.ClusterSamples.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.metrics.MetricsSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberViewTest {
  @Test
  void readsRoleAndLagFromTheMembersClusterGauges() {
    MemberView leader = MemberView.of(member(true, 3, 10, 10)).orElseThrow();
    MemberView follower = MemberView.of(member(false, 3, 10, 7)).orElseThrow();
    assertThat(leader.role("identity-active")).as("cluster_leader 1").isEqualTo("leader");
    assertThat(follower.role("identity-passive")).isEqualTo("follower");
    assertThat(follower.role("identity-witness")).as("cluster_member_witness{member} 1").isEqualTo("witness");
    assertThat(follower.lag()).as("cluster_lag").isEqualTo(3);
    assertThat(follower.members()).as("every member's name, from the member label")
        .containsExactlyInAnyOrderElementsOf(ClusterSamples.MEMBERS);
  }

  @Test
  void aSampleWithoutClusterGaugesIsNoMember() {
    MetricsSample single = new MetricsSample("identity", "1", Duration.ZERO, Instant.EPOCH, List.of(), 0, 0, 0, 0, 0,
        0, Map.of("registered_users", 4.0), Map.of());
    assertThat(MemberView.of(single)).as("the single instance exports no cluster_leader").isEmpty();
  }

  @Test
  void settledOnlyWithOneLeaderEveryMemberInItsTermAndEverythingCommittedApplied() {
    assertThat(MemberView.settled(List.of(view(true, 2, 4, 4), view(false, 2, 4, 4), view(false, 2, 4, 4))))
        .as("one leader, one term, all applied").isTrue();
    assertThat(MemberView.settled(List.of(view(true, 2, 4, 4), view(false, 2, 4, 4), view(false, 2, 4, 3))))
        .as("the witness has not applied the leader's last entry: a candidate would not count its vote").isFalse();
    assertThat(MemberView.settled(List.of(view(true, 2, 4, 4), view(false, 2, 4, 4), view(false, 1, 4, 4))))
        .as("a member still in an older term").isFalse();
    assertThat(MemberView.settled(List.of(view(false, 2, 4, 4), view(false, 2, 4, 4), view(false, 2, 4, 4))))
        .as("no leader").isFalse();
    assertThat(MemberView.settled(List.of(view(true, 2, 4, 4), view(true, 1, 4, 4), view(false, 2, 4, 4))))
        .as("two say they lead").isFalse();
    assertThat(MemberView.settled(List.of(view(true, 2, 4, 4), view(false, 2, 4, 4), view(false, 2, 5, 4))))
        .as("a member that has not applied what it knows committed").isFalse();
    assertThat(MemberView.settled(List.of(view(true, 1, 0, 0), view(false, 1, 0, 0), view(false, 1, 0, 0))))
        .as("just elected: the leader's first entry is index 0").isTrue();
    assertThat(MemberView.settled(List.of(view(true, 2, 4, 4), view(false, 2, 4, 4),
        MemberView.of(ClusterSamples.withoutLeader(2)).orElseThrow()))).as("a member that knows no leader")
        .isFalse();
  }

  private static MemberView view(boolean leads, long term, long commit, long applied) {
    return MemberView.of(member(leads, term, commit, applied)).orElseThrow();
  }
}
