package io.rvnt.server.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spec §6.6: additive increase while overloaded, multiplicative decrease otherwise, between floor and ceiling. */
class EffortControllerTest {
  static final Duration PERIOD = Duration.ofSeconds(10);
  final MutableClock clock = MutableClock.atFixedInstant();
  final EffortController controller = new EffortController(100, config(50, 0.5, 1_000), clock);

  static PowConfig config(long increase, double factor, long ceiling) {
    return new PowConfig(Optional.empty(), Duration.ofMinutes(15), 16, Duration.ofSeconds(30), PERIOD, increase,
        factor, ceiling);
  }

  void overloadedPeriod() {
    controller.overloaded();
    clock.advance(PERIOD);
  }

  @Test
  void startsAtTheFloor() {
    assertThat(controller.suggested()).isEqualTo(100);
    assertThat(controller.acceptFloor()).isEqualTo(100);
  }

  @Test
  void risesAdditivelyOncePerOverloadedPeriod() {
    controller.overloaded();
    controller.overloaded();
    assertThat(controller.suggested()).as("nothing changes before the period ends").isEqualTo(100);
    clock.advance(PERIOD);
    assertThat(controller.suggested()).as("one increase per period, however many drops").isEqualTo(150);
    overloadedPeriod();
    assertThat(controller.suggested()).isEqualTo(200);
  }

  @Test
  void fallsMultiplicativelyInPeriodsWithoutOverload() {
    for (int i = 0; i < 7; i++) {
      overloadedPeriod();
    }
    assertThat(controller.suggested()).isEqualTo(450);
    clock.advance(PERIOD);
    assertThat(controller.suggested()).as("halved").isEqualTo(225);
    clock.advance(PERIOD);
    assertThat(controller.suggested()).isEqualTo(112);
  }

  @Test
  void neverFallsBelowTheFloor() {
    overloadedPeriod();
    clock.advance(PERIOD.multipliedBy(3));
    assertThat(controller.suggested()).isEqualTo(100);
  }

  @Test
  void neverRisesAboveTheCeiling() {
    for (int i = 0; i < 40; i++) {
      overloadedPeriod();
    }
    assertThat(controller.suggested()).isEqualTo(1_000);
  }

  @Test
  void theIncreaseDoesNotOverflowNearTheLargestCeiling() {
    EffortController huge = new EffortController(1, config(Long.MAX_VALUE / 2 + 1, 0.5, Long.MAX_VALUE), clock);
    for (int i = 0; i < 3; i++) {
      huge.overloaded();
      clock.advance(PERIOD);
    }
    assertThat(huge.suggested()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void acceptsTheLowerOfThisAndThePreviousPeriodsSuggestion() {
    overloadedPeriod();
    overloadedPeriod();
    assertThat(controller.suggested()).isEqualTo(200);
    assertThat(controller.acceptFloor()).as("spec §6.5: a client told 150 a moment ago is not refused")
        .isEqualTo(150);
    clock.advance(PERIOD);
    assertThat(controller.acceptFloor()).as("after a decrease the new, lower one").isEqualTo(100);
  }

  @Test
  void aLongIdleTimeReturnsToTheFloorAtOnce() {
    for (int i = 0; i < 20; i++) {
      overloadedPeriod();
    }
    clock.advance(Duration.ofDays(365));
    assertThat(controller.suggested()).isEqualTo(100);
    assertThat(controller.acceptFloor()).isEqualTo(100);
    overloadedPeriod();
    assertThat(controller.suggested()).as("and periods still end on time after the skip").isEqualTo(150);
  }

  @Test
  void refusesACeilingBelowTheFloor() {
    assertThatThrownBy(() -> new EffortController(2_000, config(1, 0.5, 1_000), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
