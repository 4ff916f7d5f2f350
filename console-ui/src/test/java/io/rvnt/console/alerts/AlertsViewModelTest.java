package io.rvnt.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Fakes;
import io.rvnt.operator.alerts.AlertBook;
import io.rvnt.operator.alerts.AlertRules;
import io.rvnt.operator.alerts.Thresholds;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.metrics.Health;
import io.rvnt.operator.metrics.MetricsHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertsViewModelTest {
  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  private final AlertsViewModel model = new AlertsViewModel(new AlertRules(Thresholds.DEFAULTS), new AlertBook(10, Duration.ZERO),
      clock);

  private void round(InstanceState state, Health health) {
    model.show(List.of(Fakes.observation(Fakes.status("identity", Role.IDENTITY, state, List.of(), List.of()), health,
        new MetricsHistory(2))));
  }

  @Test
  void anInstanceThatFailsIsAnAlertUntilItServesAgainWithTheTimesOfBoth() {
    round(InstanceState.RUNNING, Health.HEALTHY);
    assertThat(model.rows()).isEmpty();
    assertThat(model.activeCountProperty().get()).isZero();

    round(InstanceState.FAILED, Health.UNKNOWN);
    assertThat(model.activeCountProperty().get()).as("the badge's count").isEqualTo(1);
    assertThat(model.summaryProperty().get()).as("beside the title").isEqualTo("1 active");
    AlertRow firing = model.rows().get(0);
    assertThat(firing.active()).isTrue();
    assertThat(firing.subject()).isEqualTo("identity");
    assertThat(firing.alert()).as("the Prometheus rule's name").isEqualTo("RvntInstanceDown");
    assertThat(firing.cleared()).isEmpty();

    clock.advance(Duration.ofMinutes(3));
    round(InstanceState.RUNNING, Health.HEALTHY);
    assertThat(model.activeCountProperty().get()).isZero();
    assertThat(model.summaryProperty().get()).isEqualTo("no alert");
    AlertRow cleared = model.rows().get(0);
    assertThat(cleared.active()).isFalse();
    assertThat(cleared.state()).as("the State column").isEqualTo("cleared");
    assertThat(cleared.started()).as("kept from when it fired").isEqualTo(firing.started());
    assertThat(cleared.cleared()).as("three minutes later").isNotEmpty().isNotEqualTo(firing.started());
  }

  @Test
  void aFailoverIsOneEventNamingTheNewLeaderItsTermAndTheOldLeader() {
    model.show(members("identity-active", 2));
    assertThat(model.events()).as("the first leader seen is no event").isEmpty();

    clock.advance(Duration.ofSeconds(2));
    model.show(List.of(Fakes.observation(Fakes.status("identity-active", Role.IDENTITY, InstanceState.FAILED,
            List.of(), List.of()), Health.UNKNOWN, new MetricsHistory(2)),
        Fakes.member("identity-passive", Fakes.member(true, 3, 0)),
        Fakes.member("identity-witness", Fakes.member(false, 3, 0))));
    assertThat(model.events()).as("the leader was killed and the passive took over").singleElement()
        .satisfies(e -> {
          assertThat(e.event()).isEqualTo("leader changed");
          assertThat(e.detail()).isEqualTo("identity-passive leads in term 3 (was identity-active)");
          assertThat(e.time()).isEqualTo("2026-12-01 10:00:02");
        });

    clock.advance(Duration.ofSeconds(2));
    model.show(members("identity-active", 4));
    assertThat(model.events()).as("leadership back to the active, newest first").extracting(EventRow::detail)
        .containsExactly("identity-active leads in term 4 (was identity-passive)",
            "identity-passive leads in term 3 (was identity-active)");
    assertThat(model.rows()).as("an event is no alert: only the killed member's own alert")
        .extracting(AlertRow::alert).containsOnly("RvntInstanceDown");
  }

  private static List<io.rvnt.operator.metrics.Observation> members(String leader, long term) {
    return Fakes.MEMBERS.stream().map(name -> Fakes.member(name, Fakes.member(name.equals(leader), term, 0)))
        .toList();
  }

  @Test
  void theCanaryIsJudgedOnItsDueDateOnceKnown() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    round(InstanceState.RUNNING, Health.HEALTHY);
    assertThat(model.canaryDueProperty().get()).startsWith("Canary due date: not known yet");
    model.canaryDue(Optional.of(today.minusDays(1)));
    round(InstanceState.RUNNING, Health.HEALTHY);
    assertThat(model.canaryDueProperty().get()).isEqualTo("Canary due by " + today.minusDays(1) + " (overdue from "
        + today + ")");
    assertThat(model.rows()).extracting(AlertRow::alert).containsExactly("RvntCanaryOverdue");
  }
}
