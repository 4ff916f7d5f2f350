package io.rvnt.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientConfigTest {
  private static final Duration S = Duration.ofSeconds(1);

  @Test
  void defaultsAreTheDocumentedOnes() {
    ClientConfig defaults = ClientConfig.defaults();
    assertThat(defaults.connectTimeout()).isEqualTo(ClientConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(defaults.requestTimeout()).isEqualTo(ClientConfig.DEFAULT_REQUEST_TIMEOUT);
    assertThat(defaults.maxResponseBytes()).isEqualTo(32_768);
    assertThat(defaults.maxPowBits()).isEqualTo(28);
    assertThat(defaults.withPowThreads(3).powThreads()).isEqualTo(3);
  }

  @Test
  void refusesTimeoutsThatAreNotPositive() {
    assertThatThrownBy(() -> new ClientConfig(Duration.ZERO, S, 1, 1, 20)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> new ClientConfig(S, Duration.ofSeconds(-1), 1, 1, 20))
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void refusesAnEmptyResponseLimit() {
    assertThatThrownBy(() -> new ClientConfig(S, S, 0, 1, 20)).hasMessageContaining("maxResponseBytes");
  }

  @Test
  void refusesZeroThreads() {
    assertThatThrownBy(() -> new ClientConfig(S, S, 1, 0, 20)).hasMessageContaining("powThreads");
  }

  @Test
  void refusesPowLimitsOutsideTheHash() {
    assertThatThrownBy(() -> new ClientConfig(S, S, 1, 1, -1)).hasMessageContaining("maxPowBits");
    assertThatThrownBy(() -> new ClientConfig(S, S, 1, 1, 257)).hasMessageContaining("maxPowBits");
  }
}
