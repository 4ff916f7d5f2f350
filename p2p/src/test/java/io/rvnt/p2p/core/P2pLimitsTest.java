package io.rvnt.p2p.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class P2pLimitsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    P2pLimits d = P2pLimits.DEFAULTS;
    assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.negotiationTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.maxConnections()).isEqualTo(1024);
    assertThat(d.maxStreamsPerConnection()).isEqualTo(256);
    assertThat(d.maxMessageSize()).isEqualTo(64 * 1024);
    assertThat(d.maxBufferedBytesPerConnection()).isEqualTo(16L << 20);
    assertThat(d.maxMultistreamMessage()).isEqualTo(1024);
    assertThat(d.verifiedNoiseKeys()).as("verified Noise payloads remembered").isEqualTo(1024);
  }

  @Test
  void verifiedNoiseKeysMayBeZeroToVerifyEveryHandshakeButNotNegative() {
    assertThat(P2pLimits.DEFAULTS.withVerifiedNoiseKeys(0).verifiedNoiseKeys()).as("0 turns the memory off")
        .isZero();
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withVerifiedNoiseKeys(-1)).as("a negative bound is refused")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verifiedNoiseKeys");
  }

  @Test
  void refusesZeroOrNegativeLimits() {
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withNegotiationTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withMaxConnections(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withMaxStreamsPerConnection(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withMaxMessageSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withMaxBufferedBytesPerConnection(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P2pLimits.DEFAULTS.withMaxMultistreamMessage(8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
