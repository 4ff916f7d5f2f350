package io.rvnt.daemon.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One token bucket per key: the DHT's per-peer and the relay's per-connection limits. */
class KeyedRateLimiterTest {

  private final MutableClock clock = MutableClock.atFixedInstant();

  @Test
  void aKeyGetsItsBurstThenItsRateAndOthersAreUnaffected() {
    KeyedRateLimiter<String> limiter = new KeyedRateLimiter<>(10, 5, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("flooder")).as("token %d of the burst", i + 1).isTrue();
    }
    assertThat(limiter.tryAcquire("flooder")).as("beyond the burst").isFalse();
    assertThat(limiter.tryAcquire("other")).as("another key is not limited by the flooder").isTrue();
    clock.advance(Duration.ofMillis(100));
    assertThat(limiter.tryAcquire("flooder")).as("one token back after 100 ms at 10/s").isTrue();
    assertThat(limiter.tryAcquire("flooder")).as("and only one").isFalse();
  }

  @Test
  void quietKeysAreForgottenOnceTheirBucketsAreFullAgain() {
    KeyedRateLimiter<String> limiter = new KeyedRateLimiter<>(10, 5, clock);
    limiter.tryAcquire("a");
    limiter.forgetIdle();
    assertThat(limiter.tracked()).as("a bucket still refilling is kept").isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    limiter.forgetIdle();
    assertThat(limiter.tracked()).as("quiet keys are forgotten").isZero();
  }

  @Test
  void aNewKeyIsAnnouncedOnceSoItsOwnerCanForgetIt() {
    KeyedRateLimiter<String> limiter = new KeyedRateLimiter<>(2, 3, clock);
    List<String> announced = new ArrayList<>();
    limiter.tryAcquire("c", announced::add);
    limiter.tryAcquire("c", announced::add);
    assertThat(announced).as("announced on its first request only").containsExactly("c");
    limiter.forget("c");
    assertThat(limiter.tracked()).isZero();
  }

  @Test
  void aGcraBucketRefusesWithoutSpendingAndSaysHowLongToWait() {
    TokenBucket bucket = new TokenBucket(2, 1_000, 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.waitNanos(0)).as("the burst is spent: one interval to wait").isEqualTo(1_000);
    assertThat(bucket.tryTake(0)).as("a refusal spends nothing").isFalse();
    assertThat(bucket.tryTake(1_000)).isTrue();
    assertThat(bucket.isFull(3_000)).as("full again two intervals after the last token").isTrue();
  }
}
