package io.rvnt.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertBookTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final AlertBook book = new AlertBook(2, Duration.ZERO);

  private static Condition disk(String subject, String detail) {
    return new Condition(AlertKind.DISK_USAGE, subject, detail);
  }

  @Test
  void anAlertKeepsTheTimeItStartedWhileItHoldsAndGetsTheTimeItCleared() {
    book.update(List.of("a"), List.of(disk("a", "86 %")), T0);
    book.update(List.of("a"), List.of(disk("a", "90 %")), T0.plusSeconds(60));
    assertThat(book.active()).as("one alert, its start kept, its detail the latest")
        .containsExactly(new Alert(AlertKind.DISK_USAGE, "a", "90 %", T0, Optional.empty()));
    book.update(List.of("a"), List.of(), T0.plusSeconds(120));
    assertThat(book.active()).isEmpty();
    assertThat(book.cleared()).containsExactly(
        new Alert(AlertKind.DISK_USAGE, "a", "90 %", T0, Optional.of(T0.plusSeconds(120))));
  }

  @Test
  void aSubjectNotEvaluatedThisRoundKeepsItsAlerts() {
    book.update(List.of("a", "b"), List.of(disk("a", "x"), disk("b", "y")), T0);
    book.update(List.of("a"), List.of(), T0.plusSeconds(5));
    assertThat(book.active()).extracting(Alert::subject).as("b was not looked at: unknown is not cleared")
        .containsExactly("b");
  }

  @Test
  void clearedAlertsAreBoundedNewestFirst() {
    for (int i = 0; i < 3; i++) {
      book.update(List.of("a"), List.of(disk("a", "round " + i)), T0.plusSeconds(10 * i));
      book.update(List.of("a"), List.of(), T0.plusSeconds(10 * i + 5));
    }
    assertThat(book.cleared()).extracting(Alert::detail).containsExactly("round 2", "round 1");
  }

  @Test
  void aConditionIsAnAlertOnlyOnceItHeldForTheConfirmationTimeAndStartsWhenItFirstAppeared() {
    AlertBook confirming = new AlertBook(2, Duration.ofSeconds(10));
    confirming.update(List.of("a"), List.of(disk("a", "x")), T0);
    confirming.update(List.of("a"), List.of(disk("a", "x")), T0.plusSeconds(4));
    assertThat(confirming.active()).as("held 4 s of 10: pending").isEmpty();
    confirming.update(List.of("a"), List.of(disk("a", "x")), T0.plusSeconds(10));
    assertThat(confirming.active()).as("held 10 s: an alert since it first appeared")
        .containsExactly(new Alert(AlertKind.DISK_USAGE, "a", "x", T0, Optional.empty()));
  }

  @Test
  void aConditionThatLapsesBeforeItIsConfirmedLeavesNoTraceAndStartsAfreshNextTime() {
    AlertBook confirming = new AlertBook(2, Duration.ofSeconds(10));
    confirming.update(List.of("a"), List.of(disk("a", "one late answer")), T0);
    confirming.update(List.of("a"), List.of(), T0.plusSeconds(2));
    confirming.update(List.of("a"), List.of(disk("a", "again")), T0.plusSeconds(8));
    confirming.update(List.of("a"), List.of(disk("a", "again")), T0.plusSeconds(12));
    assertThat(confirming.all()).as("neither an alert nor a cleared one: the first lapsed, the second is 4 s old")
        .isEmpty();
  }
}
