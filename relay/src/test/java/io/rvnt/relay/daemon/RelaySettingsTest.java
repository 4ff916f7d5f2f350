package io.rvnt.relay.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's configuration file beyond the protocol's limits: the admin listener, the log level and LAN
 * announcing.
 */
class RelaySettingsTest {

  @TempDir Path dir;

  @Test
  void theAdminListenerDefaultsToLoopbackPort4012WithTheSharedLimits() {
    RelayConfig c = RelayConfig.defaults();
    assertThat(c.admin()).isEqualTo(new InetSocketAddress("127.0.0.1", 4012));
    assertThat(c.adminLimits()).isEqualTo(AdminLimits.DEFAULTS);
  }

  @Test
  void theConfigFileSetsTheAdminAddressAndEachOfItsLimits() throws Exception {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "admin = 127.0.0.1:9999\nadmin-max-request-bytes = 4096\nadmin-idle-timeout = 5\n"
        + "admin-max-connections = 4\nadmin-snapshot-queue = 2\n");
    RelayConfig c = RelayConfigFile.apply(RelayConfig.defaults(), file);
    assertThat(c.admin().getPort()).isEqualTo(9999);
    assertThat(c.adminLimits()).isEqualTo(new AdminLimits(4_096, Duration.ofSeconds(5), 4, 2));
  }

  @Test
  void anAdminListenerOffLoopbackIsRefused() throws Exception {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "admin = 0.0.0.0:4012\n");
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
  }

  @Test
  void aBadAdminLimitIsOneLineNamingItsKey() throws Exception {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "admin-max-connections = many\n");
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .hasMessage("admin-max-connections is not a number");
  }

  @Test
  void theLogLevelIsWarnUnlessTheFileSaysOtherwiseAndAnUnknownOneIsRefused() throws Exception {
    assertThat(RelayConfig.defaults().logLevel()).isEqualTo(LogLevel.WARN);
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "log-level = Trace\n");
    assertThat(RelayConfigFile.apply(RelayConfig.defaults(), file).logLevel()).isEqualTo(LogLevel.TRACE);
    Files.writeString(file, "log-level = loud\n");
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .as("a bad level is one line naming the key and the choices")
        .hasMessage("log-level: expected off, error, warn, info, debug or trace");
  }

  @Test
  void theConfigFileTurnsOnLanAnnouncingWithDnsSdOnTheNamedInterfaces() throws Exception {
    assertThat(RelayConfig.defaults().lan()).as("off by default").isEmpty();
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "dns-sd = true\nmdns-interface = eth1, eth2\n");
    LanDiscoveryConfig lan = RelayConfigFile.apply(RelayConfig.defaults(), file).lan().orElseThrow();
    assertThat(lan.mdns().announce()).isTrue();
    assertThat(lan.dnsSd()).isTrue();
    assertThat(lan.interfaces()).containsExactly("eth1", "eth2");
  }

  @Test
  void mdnsQuietIsRefusedSinceARelayOnlyAnnouncesItself() throws Exception {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "mdns-quiet = true\n");
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mdns-quiet")
        .hasMessageContaining("would do nothing");
  }

  @Test
  void aConfigFileThatIsNotUtf8IsRefusedNamingItsLine() throws Exception {
    Path file = dir.resolve("relay.conf");
    // Latin-1 'é' (0xE9) on line 2, as an editor set to another encoding writes it.
    Files.write(file, new byte[] {'l', 'o', 'g', '-', 'l', 'e', 'v', 'e', 'l', '=', 'w', 'a', 'r', 'n', '\n', '#', ' ',
        'r', (byte) 0xE9, 'l', 'a', 'i', '\n'});
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .as("bytes that are not UTF-8 are the operator's mistake, refused naming the file and the line")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + " is not UTF-8 text: line 2 has a byte sequence that is not UTF-8 (save the file as UTF-8)");
  }
}
