package io.rvnt.dht.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.testsupport.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerRateLimiterTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aPeerGetsItsBurstThenItsRateAndOthersAreUnaffected() {
    MutableClock clock = MutableClock.atFixedInstant();
    PeerRateLimiter limiter = new PeerRateLimiter(10, 5, clock);
    PeerId flooder = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    PeerId other = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(flooder)).as("within the burst").isTrue();
    }
    assertThat(limiter.tryAcquire(flooder)).as("beyond the burst").isFalse();
    assertThat(limiter.tryAcquire(other)).as("another peer is not limited by the flooder").isTrue();
    clock.advance(Duration.ofMillis(100));
    assertThat(limiter.tryAcquire(flooder)).as("one token back after 100 ms at 10/s").isTrue();
    assertThat(limiter.tryAcquire(flooder)).isFalse();
    clock.advance(Duration.ofSeconds(10));
    limiter.forgetIdle();
    assertThat(limiter.trackedPeers()).as("quiet peers are forgotten").isZero();
  }
}
