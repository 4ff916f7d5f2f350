package io.rvnt.remote.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who leads, as a member's admin /metrics says (docs/cluster.md, "Monitoring"). */
class LeadershipTest {
  static final String FOLLOWER = """
      # HELP rvnt_identity_cluster_leader 1 while this member is the cluster's leader, else 0.
      # TYPE rvnt_identity_cluster_leader gauge
      rvnt_identity_cluster_leader 0
      rvnt_identity_cluster_leader_known 1
      rvnt_identity_cluster_member_leader{member="alpha"} 1
      """;

  @Test
  void aMemberLeadsWhenItsOwnLeaderGaugeIsOneNotWhenItNamesAnotherAsLeader() {
    assertThat(Leadership.fromMetrics(FOLLOWER)).as("another member's leader gauge is not this one's")
        .isEqualTo(Leadership.FOLLOWS);
    assertThat(Leadership.fromMetrics(FOLLOWER.replace("rvnt_identity_cluster_leader 0",
        "rvnt_identity_cluster_leader 1.0"))).isEqualTo(Leadership.LEADS);
  }

  @Test
  void aServerWithoutClusterFamiliesIsASingleInstance() {
    String single = "# TYPE rvnt_identity_registered_users gauge\nrvnt_identity_registered_users 3\n";
    assertThat(Leadership.fromMetrics(single)).isEqualTo(Leadership.SINGLE);
  }
}
