package io.rvnt.server.pow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Spec §6.4: derived seeds, accepted for the previous, current and next epoch; older ones expired. */
class SeedScheduleTest {
  static final Duration PERIOD = Duration.ofMinutes(15);
  static final byte[] KEY = HexFormat.of().parseHex("a0".repeat(32));
  final MutableClock clock = MutableClock.atFixedInstant();
  final SeedSchedule seeds = new SeedSchedule(KEY, PERIOD, clock);

  long epoch() {
    return clock.millis() / PERIOD.toMillis();
  }

  @Test
  void theCurrentSeedIsTheHmacOfItsEpochAndExpiresAtTheEndOfTheNext() {
    SeedSchedule.Current current = seeds.current();
    assertThat(current.seed()).isEqualTo(ProofOfWork.seed(KEY, epoch()));
    assertThat(current.expiresMs()).isEqualTo((epoch() + 2) * PERIOD.toMillis());
  }

  @Test
  void everyMemberWithTheKeyDerivesTheSameSeeds() {
    SeedSchedule otherMember = new SeedSchedule(KEY.clone(), PERIOD, clock);
    assertThat(otherMember.check(seeds.current().seed()))
        .as("a seed one member publishes verifies on another").isEqualTo(SeedSchedule.Check.ACCEPTED);
  }

  @Test
  void acceptsThePreviousCurrentAndNextEpochs() {
    for (long e = epoch() - 1; e <= epoch() + 1; e++) {
      assertThat(seeds.check(ProofOfWork.seed(KEY, e))).as("epoch %d", e).isEqualTo(SeedSchedule.Check.ACCEPTED);
    }
  }

  @Test
  void aSeedExpiresAfterItsGracePeriod() {
    byte[] seed = seeds.current().seed();
    clock.advance(PERIOD);
    assertThat(seeds.check(seed)).as("grace: one more period").isEqualTo(SeedSchedule.Check.ACCEPTED);
    clock.advance(PERIOD);
    assertThat(seeds.check(seed)).as("then expired").isEqualTo(SeedSchedule.Check.EXPIRED);
    clock.advance(PERIOD.multipliedBy(SeedSchedule.STALE_EPOCHS));
    assertThat(seeds.check(seed)).as("and after a while no longer recognised").isEqualTo(SeedSchedule.Check.UNKNOWN);
  }

  @Test
  void aSeedOfTheEpochAfterNextIsUnknown() {
    assertThat(seeds.check(ProofOfWork.seed(KEY, epoch() + 2))).isEqualTo(SeedSchedule.Check.UNKNOWN);
  }

  @Test
  void aSeedFromAnotherKeyOrOfAnotherLengthIsUnknown() {
    byte[] otherKey = HexFormat.of().parseHex("b1".repeat(32));
    assertThat(seeds.check(ProofOfWork.seed(otherKey, epoch()))).isEqualTo(SeedSchedule.Check.UNKNOWN);
    assertThat(seeds.check(new byte[31])).isEqualTo(SeedSchedule.Check.UNKNOWN);
  }
}
