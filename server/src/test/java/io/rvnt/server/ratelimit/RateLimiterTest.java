package io.rvnt.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = MutableClock.atFixedInstant();

  private RateLimiter limiter(int capacity) {
    return new RateLimiter(
        clock,
        RateLimitPolicy.perMinute(30),
        RateLimitPolicy.perMinute(5),
        RateLimitPolicy.perMinute(600),
        RateLimitPolicy.perMinute(60),
        capacity);
  }

  @Test
  void givesACircuitItsWholeBudgetAtOnceThenRefusesTheNextWithRetryAfter() {
    RateLimiter limiter = limiter(16);
    Origin circuit = Origin.circuit(0xAABBCCDD);
    for (int i = 0; i < 30; i++) {
      assertThat(limiter.acquire(circuit, false)).as("request %d of 30 fits the burst", i + 1)
          .isEqualTo(RateLimiter.ALLOWED);
    }
    assertThat(limiter.acquire(circuit, false)).as("31st request waits one refill interval (2 s)").isEqualTo(2);
  }

  @Test
  void limitsOneCircuitWithoutTouchingAnother() {
    RateLimiter limiter = limiter(16);
    for (int i = 0; i < 30; i++) {
      limiter.acquire(Origin.circuit(1), false);
    }
    assertThat(limiter.acquire(Origin.circuit(1), false)).as("circuit 1 exhausted").isPositive();
    assertThat(limiter.acquire(Origin.circuit(2), false)).as("circuit 2 untouched").isEqualTo(RateLimiter.ALLOWED);
  }

  @Test
  void refillsEvenlyOverTheMinute() {
    RateLimiter limiter = limiter(16);
    Origin circuit = Origin.circuit(7);
    for (int i = 0; i < 30; i++) {
      limiter.acquire(circuit, false);
    }
    clock.advance(Duration.ofMillis(1_999));
    assertThat(limiter.acquire(circuit, false)).as("not yet one interval").isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.acquire(circuit, false)).as("one token after 2 s").isEqualTo(RateLimiter.ALLOWED);
    assertThat(limiter.acquire(circuit, false)).as("and only one").isPositive();
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 30; i++) {
      assertThat(limiter.acquire(circuit, false)).as("full budget after a minute").isEqualTo(RateLimiter.ALLOWED);
    }
  }

  @Test
  void refusesTheSixthRegistrationOfACircuitWhileOtherRequestsStillFit() {
    RateLimiter limiter = limiter(16);
    Origin circuit = Origin.circuit(3);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire(circuit, true)).as("registration %d", i + 1).isEqualTo(RateLimiter.ALLOWED);
    }
    assertThat(limiter.acquire(circuit, true)).as("6th registration waits 12 s").isEqualTo(12);
    assertThat(limiter.acquire(circuit, false)).as("other endpoints still have budget")
        .isEqualTo(RateLimiter.ALLOWED);
  }

  @Test
  void aRefusedRegistrationSpendsNothing() {
    RateLimiter limiter = limiter(16);
    Origin circuit = Origin.circuit(4);
    for (int i = 0; i < 5; i++) {
      limiter.acquire(circuit, true);
    }
    for (int i = 0; i < 10; i++) {
      limiter.acquire(circuit, true);
    }
    for (int i = 0; i < 25; i++) {
      assertThat(limiter.acquire(circuit, false)).as("API budget left after refused registrations: %d", i)
          .isEqualTo(RateLimiter.ALLOWED);
    }
  }

  @Test
  void directConnectionsShareOneBucketWithTheDirectPolicy() {
    RateLimiter limiter = limiter(16);
    for (int i = 0; i < 600; i++) {
      assertThat(limiter.acquire(Origin.direct(), false)).isEqualTo(RateLimiter.ALLOWED);
    }
    assertThat(limiter.acquire(Origin.direct(), false)).as("601st direct request").isPositive();
    assertThat(limiter.acquire(Origin.circuit(9), false)).as("circuits are separate from direct")
        .isEqualTo(RateLimiter.ALLOWED);
  }

  @Test
  void directRegistrationsAreLimitedToSixtyPerMinute() {
    RateLimiter limiter = limiter(16);
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire(Origin.direct(), true)).isEqualTo(RateLimiter.ALLOWED);
    }
    assertThat(limiter.acquire(Origin.direct(), true)).as("61st direct registration").isEqualTo(1);
  }

  @Test
  void aFullTableOfLimitedCircuitsSendsNewCircuitsToOneOverflowBucket() {
    RateLimiter limiter = limiter(2);
    limiter.acquire(Origin.circuit(1), false);
    limiter.acquire(Origin.circuit(2), false);
    assertThat(limiter.trackedCircuits()).isEqualTo(2);
    for (int i = 0; i < 30; i++) {
      assertThat(limiter.acquire(Origin.circuit(100 + i), false)).as("overflow budget %d", i)
          .isEqualTo(RateLimiter.ALLOWED);
    }
    assertThat(limiter.acquire(Origin.circuit(999), false)).as("overflow shared by all new circuits").isPositive();
    assertThat(limiter.trackedCircuits()).as("table never grows past its capacity").isEqualTo(2);
    assertThat(limiter.acquire(Origin.circuit(1), false)).as("known circuits keep their own bucket")
        .isEqualTo(RateLimiter.ALLOWED);
  }

  @Test
  void forgetsCircuitsWhoseBucketsAreFullAgainToMakeRoom() {
    RateLimiter limiter = limiter(2);
    limiter.acquire(Origin.circuit(1), false);
    limiter.acquire(Origin.circuit(2), false);
    clock.advance(Duration.ofSeconds(2));
    assertThat(limiter.acquire(Origin.circuit(3), false)).isEqualTo(RateLimiter.ALLOWED);
    for (int i = 0; i < 29; i++) {
      assertThat(limiter.acquire(Origin.circuit(3), false)).as("circuit 3 got its own bucket")
          .isEqualTo(RateLimiter.ALLOWED);
    }
    assertThat(limiter.trackedCircuits()).isEqualTo(2);
  }

  @Test
  void originNeverPrintsTheCircuitId() {
    assertThat(Origin.circuit(0x12345678).toString()).doesNotContain("12345678").doesNotContain("305419896");
  }
}
