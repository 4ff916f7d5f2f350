package io.rvnt.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.dht.lan.LanDiscoveryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LAN discovery settings of the bootstrap node: the config file's keys and the command line's flags. */
class LanSettingsTest {

  @TempDir Path tmp;

  @Test
  void lanDiscoveryIsOffByDefaultOnAServer() {
    assertThat(BootstrapConfig.defaults().lan()).isEmpty();
  }

  @Test
  void theConfigFileTurnsOnMdnsQuietModeAndInterfaces() throws Exception {
    Path file = tmp.resolve("bootstrap.properties");
    Files.writeString(file, "mdns-quiet = true\nmdns-interface = eth1, eth2\n");
    LanDiscoveryConfig lan = ConfigFile.apply(BootstrapConfig.defaults(), file).lan().orElseThrow();
    assertThat(lan.mdns().announce()).as("quiet: discovers without announcing").isFalse();
    assertThat(lan.dnsSd()).isFalse();
    assertThat(lan.interfaces()).containsExactly("eth1", "eth2");
  }

  @Test
  void dnsSdImpliesMdnsAndAFlagKeepsWhatTheFileSaid() {
    Optional<LanDiscoveryConfig> file = LanDiscoveryConfig.fromFlags(true, false, false, List.of("eth1"), Optional.empty());
    LanDiscoveryConfig lan = LanDiscoveryConfig.fromFlags(false, false, true, List.of(), file).orElseThrow();
    assertThat(lan.dnsSd()).isTrue();
    assertThat(lan.mdns().announce()).isTrue();
    assertThat(lan.interfaces()).as("the file's interfaces stay").containsExactly("eth1");
  }

  @Test
  void dnsSdWithAnnouncingOffIsRefused() {
    assertThatThrownBy(() -> LanDiscoveryConfig.fromFlags(false, true, true, List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("announcing off");
  }

  @Test
  void aFlagThatIsNeitherTrueNorFalseIsRefused() throws Exception {
    Path file = tmp.resolve("bootstrap.properties");
    Files.writeString(file, "mdns = yes\n");
    assertThatThrownBy(() -> ConfigFile.apply(BootstrapConfig.defaults(), file))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("mdns must be true or false, not yes");
  }
}
