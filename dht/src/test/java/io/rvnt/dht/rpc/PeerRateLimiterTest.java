package io.rvnt.dht.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PeerRateLimiterTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aPeerGetsItsBurstThenItsRateAndOthersAreUnaffected() {
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    PeerRateLimiter limiter = new PeerRateLimiter(10, 5, clock);
    PeerId flooder = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    PeerId other = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(flooder)).as("within the burst").isTrue();
    }
    assertThat(limiter.tryAcquire(flooder)).as("beyond the burst").isFalse();
    assertThat(limiter.tryAcquire(other)).as("another peer is not limited by the flooder").isTrue();
    now[0] = now[0].plusMillis(100);
    assertThat(limiter.tryAcquire(flooder)).as("one token back after 100 ms at 10/s").isTrue();
    assertThat(limiter.tryAcquire(flooder)).isFalse();
    now[0] = now[0].plusSeconds(10);
    limiter.forgetIdle();
    assertThat(limiter.trackedPeers()).as("quiet peers are forgotten").isZero();
  }
}
