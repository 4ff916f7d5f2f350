package io.rvnt.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.app.CliException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IdentitySupportTest {
  @Test
  void theDefaultKeystoreFollowsXdgDataHome() {
    assertThat(IdentitySupport.defaultKeystore("/data", "/home/u")).isEqualTo(Path.of("/data/rvnt/keystore"));
  }

  @Test
  void theDefaultKeystoreFallsBackToTheHomeDirectory() {
    Path fallback = Path.of("/home/u/.local/share/rvnt/keystore");
    assertThat(IdentitySupport.defaultKeystore(null, "/home/u")).isEqualTo(fallback);
    assertThat(IdentitySupport.defaultKeystore("", "/home/u")).isEqualTo(fallback);
    assertThat(IdentitySupport.defaultKeystore("relative/dir", "/home/u"))
        .as("the XDG spec ignores relative paths").isEqualTo(fallback);
  }

  @Test
  void usernamesAreLowercasedThenChecked() {
    assertThat(IdentitySupport.username("Alice_1")).isEqualTo("alice_1");
    assertThatThrownBy(() -> IdentitySupport.username("al")).isInstanceOf(CliException.class);
    assertThatThrownBy(() -> IdentitySupport.username("ALİCE")).as("no locale-dependent lowercasing")
        .isInstanceOf(CliException.class);
  }
}
