package io.rvnt.operator.cluster;

import static io.rvnt.operator.cluster.ClusterSamples.failed;
import static io.rvnt.operator.cluster.ClusterSamples.member;
import static io.rvnt.operator.cluster.ClusterSamples.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.cluster.LeaderWatch.LeaderChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderWatchTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private final LeaderWatch watch = new LeaderWatch();

  @Test
  void theFirstLeaderSeenIsNoChange() {
    assertThat(watch.update(settled("identity-active", 2), T0)).as("the election at start is no failover")
        .isEmpty();
    assertThat(watch.update(settled("identity-active", 2), T0.plusSeconds(2))).isEmpty();
  }

  @Test
  void aKilledLeaderReplacedAfterAnElectionIsOneChangeFromTheOldToTheNew() {
    watch.update(settled("identity-active", 2), T0);
    List<LeaderChange> during = watch.update(List.of(failed("identity-active", member(true, 2, 9, 9)),
        running("identity-passive", ClusterSamples.withoutLeader(3)),
        running("identity-witness", ClusterSamples.withoutLeader(3))), T0.plusSeconds(2));
    assertThat(during).as("the dead leader's last sample is old news; no leader during the election").isEmpty();
    List<LeaderChange> after = watch.update(List.of(failed("identity-active", member(true, 2, 9, 9)),
        running("identity-passive", member(true, 3, 10, 10)),
        running("identity-witness", member(false, 3, 10, 10))), T0.plusSeconds(4));
    assertThat(after).as("one event, old leader to new, in the new term")
        .containsExactly(new LeaderChange(T0.plusSeconds(4), "identity-active", "identity-passive", 3));
    assertThat(watch.update(settled("identity-passive", 3), T0.plusSeconds(6))).as("said once").isEmpty();
  }

  @Test
  void leadershipHandedBackToTheActiveIsAChangeToo() {
    watch.update(settled("identity-passive", 3), T0);
    assertThat(watch.update(settled("identity-active", 4), T0.plusSeconds(2))).extracting(LeaderChange::to)
        .containsExactly("identity-active");
  }

  @Test
  void aDeposedLeaderThatStillSaysItLeadsIsOutvotedByTheHigherTerm() {
    watch.update(settled("identity-active", 2), T0);
    List<LeaderChange> changes = watch.update(List.of(running("identity-active", member(true, 2, 9, 9)),
        running("identity-passive", member(true, 3, 10, 10)),
        running("identity-witness", member(false, 3, 10, 10))), T0.plusSeconds(2));
    assertThat(changes).extracting(LeaderChange::to).containsExactly("identity-passive");
    assertThat(watch.update(List.of(running("identity-active", member(true, 2, 9, 9))), T0.plusSeconds(4)))
        .as("its late answer alone, in an older term, changes nothing").isEmpty();
  }

  private static List<io.rvnt.operator.metrics.Observation> settled(String leader, long term) {
    return ClusterSamples.MEMBERS.stream().map(name -> running(name, member(name.equals(leader), term, 9, 9)))
        .toList();
  }
}
