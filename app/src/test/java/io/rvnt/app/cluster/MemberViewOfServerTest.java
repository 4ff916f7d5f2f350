package io.rvnt.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.cluster.MemberView;
import io.rvnt.operator.metrics.AdminClient;
import io.rvnt.server.cluster.ClusterStatus;
import io.rvnt.server.cluster.MemberStatus;
import io.rvnt.server.config.MemberRole;
import io.rvnt.server.metrics.IdentityComponent;
import io.rvnt.server.metrics.ServerMetrics;
import io.rvnt.server.pow.PowStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The console reads a member's role and lag from the server's own metrics snapshot: the gauge names on both sides
 * agree (operator does not depend on server, so only this module can check it).
 */
class MemberViewOfServerTest {
  private static MemberView viewOf(ClusterStatus status) throws Exception {
    IdentityComponent component = new IdentityComponent(new ServerMetrics(Clock.systemUTC(), List.of("register")),
        () -> 0, 0, () -> new PowStatus(1, 1, 0, 0, 0, 0), () -> status, () -> true, Map.of());
    return MemberView.of(AdminClient.parse(component.snapshot().toByteArray())).orElseThrow();
  }

  /** Every member as {@code self} sees them, itself first (as ClusterNode lists them). */
  private static List<MemberStatus> members(String self, String leader) {
    List<MemberStatus> all = List.of(new MemberStatus("alpha", MemberRole.ACTIVE, true, leader.equals("alpha"), 4,
            10, 0), new MemberStatus("beta", MemberRole.PASSIVE, true, leader.equals("beta"), 4, 10, 0),
        new MemberStatus("gamma", MemberRole.WITNESS, true, false, 4, 8, 2));
    List<MemberStatus> ordered = new java.util.ArrayList<>(all.stream().filter(m -> m.name().equals(self)).toList());
    all.stream().filter(m -> !m.name().equals(self)).forEach(ordered::add);
    return ordered;
  }

  @Test
  void readsLeaderTermIndexesLagAndTheWitnessFromTheServersSnapshot() throws Exception {
    MemberView leader = viewOf(new ClusterStatus("alpha", Optional.of("alpha"), 4, 10, 10, 1,
        members("alpha", "alpha")));
    assertThat(leader.leads()).as("rvnt_identity_cluster_leader").isTrue();
    assertThat(leader.role("alpha")).isEqualTo("leader");
    assertThat(leader.term()).isEqualTo(4);
    assertThat(leader.commitIndex()).isEqualTo(10);
    assertThat(leader.members()).containsExactlyInAnyOrder("alpha", "beta", "gamma");

    MemberView witness = viewOf(new ClusterStatus("gamma", Optional.of("alpha"), 4, 10, 8, 1,
        members("gamma", "alpha")));
    assertThat(witness.role("gamma")).as("rvnt_identity_cluster_member_witness{member=gamma}").isEqualTo("witness");
    assertThat(witness.lag()).as("rvnt_identity_cluster_lag").isEqualTo(2);
    assertThat(witness.appliedIndex()).isEqualTo(8);
    assertThat(witness.leaderKnown()).as("rvnt_identity_cluster_leader_known").isTrue();

    MemberView electing = viewOf(new ClusterStatus("beta", Optional.empty(), 5, 10, 10, 1,
        members("beta", "none")));
    assertThat(electing.leaderKnown()).isFalse();
    assertThat(electing.role("beta")).isEqualTo("follower");
  }
}
