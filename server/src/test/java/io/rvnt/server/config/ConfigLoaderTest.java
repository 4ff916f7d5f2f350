package io.rvnt.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.logging.LogLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheSpecsLimits() throws Exception {
    IdentityServerConfig config = ConfigLoader.fromMap(Map.of(), dir);
    assertThat(config.registerPowBits()).isEqualTo(20);
    assertThat(config.writePowBits()).isEqualTo(16);
    assertThat(config.timestampWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.maxBodyBytes()).isEqualTo(32_768);
    assertThat(config.maxRequestLineBytes()).isEqualTo(1_024);
    assertThat(config.maxHeaderBytes()).isEqualTo(8_192);
    assertThat(config.circuitApi().permits()).isEqualTo(30);
    assertThat(config.circuitRegister().permits()).isEqualTo(5);
    assertThat(config.minFreeDiskBytes()).isEqualTo(512L << 20);
    assertThat(config.listeners()).containsExactly(
        new ListenerConfig("listen", new HostPort("127.0.0.1", 8080), ProxyProtocolMode.OPTIONAL));
    assertThat(config.admin()).isEqualTo(new HostPort("127.0.0.1", 9090));
    assertThat(config.logLevel()).isEqualTo(LogLevel.WARN);
  }

  @Test
  void readsAFileAndLetsOverridesWin() throws Exception {
    Path file = dir.resolve("server.conf");
    Files.writeString(file, String.join("\n",
        "# comment", "", "listen = 127.0.0.1:0", "onion-listen = [::1]:7000", "request-receive-timeout = 500ms",
        "min-free-disk = 1GiB", "log-level = debug", "rate-limit-circuit-api-per-minute = 10"));
    IdentityServerConfig config =
        ConfigLoader.load(file, Map.of("listen", "127.0.0.2:81", "log-level", "trace"), dir);
    assertThat(config.listeners()).containsExactly(
        new ListenerConfig("listen", new HostPort("127.0.0.2", 81), ProxyProtocolMode.OPTIONAL),
        new ListenerConfig("onion-listen", new HostPort("::1", 7000), ProxyProtocolMode.REQUIRED));
    assertThat(config.requestReceiveTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.minFreeDiskBytes()).isEqualTo(1L << 30);
    assertThat(config.logLevel()).isEqualTo(LogLevel.TRACE);
    assertThat(config.circuitApi().permits()).isEqualTo(10);
  }

  @Test
  void namesTheKeyOfAnUnknownSetting() throws Exception {
    Path file = dir.resolve("server.conf");
    Files.writeString(file, "listne = 1.2.3.4:5\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir)).isInstanceOf(ConfigException.class)
        .hasMessage("listne: unknown key (line 1)");
  }

  @Test
  void namesTheKeyOfABadValue() {
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("max-body-bytes", "lots"), dir))
        .hasMessage("max-body-bytes: expected an integer");
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("listen", "nowhere"), dir))
        .hasMessage("listen: expected HOST:PORT");
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("listen-proxy-protocol", "maybe"), dir))
        .hasMessage("listen-proxy-protocol: expected off, optional or required");
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("idle-timeout", "-1s"), dir))
        .hasMessageStartingWith("idle-timeout: ");
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("log-level", "loud"), dir))
        .hasMessageStartingWith("log-level: ");
  }

  @Test
  void theAdminListenersLimitsDefaultToTheSharedOnesAndAreEachConfigurable() throws Exception {
    assertThat(ConfigLoader.fromMap(Map.of(), dir).adminLimits()).isEqualTo(AdminLimits.DEFAULTS);
    IdentityServerConfig config = ConfigLoader.fromMap(Map.of("admin-max-request-bytes", "4096",
        "admin-idle-timeout", "5s", "admin-max-connections", "4", "admin-snapshot-queue", "2"), dir);
    assertThat(config.adminLimits()).isEqualTo(new AdminLimits(4_096, Duration.ofSeconds(5), 4, 2));
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("admin-max-connections", "0"), dir))
        .hasMessage("admin-max-connections: expected an integer from 1 to 1024");
  }

  @Test
  void theAggregateLogIntervalIsAnHourByDefaultAndFromOneSecondToOneDay() throws Exception {
    assertThat(ConfigLoader.fromMap(Map.of(), dir).aggregateLogInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigLoader.fromMap(Map.of("aggregate-log-interval", "2h"), dir).aggregateLogInterval())
        .as("hours are a unit").isEqualTo(Duration.ofHours(2));
    assertThat(ConfigLoader.fromMap(Map.of("aggregate-log-interval", "5s"), dir).aggregateLogInterval())
        .isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("aggregate-log-interval", "500ms"), dir))
        .as("shorter than a second would flood the journal")
        .hasMessage("aggregate-log-interval: expected a duration from 1s to 24h");
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("aggregate-log-interval", "25h"), dir))
        .hasMessage("aggregate-log-interval: expected a positive duration of at most one day");
  }

  @Test
  void refusesAKeySetTwice() throws Exception {
    Path file = dir.resolve("server.conf");
    Files.writeString(file, "listen = 127.0.0.1:1\nlisten = 127.0.0.1:2\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir)).hasMessage("listen: set twice (line 2)");
  }

  @Test
  void refusesALineWithoutEquals() throws Exception {
    Path file = dir.resolve("server.conf");
    Files.writeString(file, "listen 127.0.0.1:1\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir)).hasMessage("line 1: expected key = value");
  }

  @Test
  void refusesAProxyProtocolListenerOffLoopbackAndNamesTheKeyThatWouldAllowIt() {
    for (String mode : new String[] {"optional", "required"}) {
      assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("listen", "0.0.0.0:8080", "listen-proxy-protocol", mode),
          dir))
          .as("PROXY %s on every interface lets anyone pick their circuit id", mode)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("listen-proxy-protocol: " + mode + " on 0.0.0.0:8080, which is not a loopback")
          .hasMessageContaining("proxy-protocol-on-non-loopback-trusts-any-sender = true");
    }
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("onion-listen", "[2001:db8::1]:8081"), dir))
        .as("the onion listener requires a PROXY header by default: off loopback it is refused too")
        .hasMessageStartingWith("onion-listen-proxy-protocol: required on [2001:db8::1]:8081")
        .hasMessageContaining(ConfigLoader.PROXY_ON_NON_LOOPBACK);
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("listen", "[::]:8080"), dir))
        .as("the default mode is optional, and :: is every interface")
        .hasMessageStartingWith("listen-proxy-protocol: optional on [::]:8080");
  }

  @Test
  void acceptsAProxyProtocolListenerOffLoopbackOnlyWhenTheRiskIsAcceptedExplicitly() throws Exception {
    IdentityServerConfig config = ConfigLoader.fromMap(Map.of("listen", "0.0.0.0:8080",
        "listen-proxy-protocol", "required", "proxy-protocol-on-non-loopback-trusts-any-sender", "true"), dir);
    assertThat(config.listeners()).containsExactly(
        new ListenerConfig("listen", new HostPort("0.0.0.0", 8080), ProxyProtocolMode.REQUIRED));
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("listen", "0.0.0.0:8080",
        "proxy-protocol-on-non-loopback-trusts-any-sender", "false"), dir))
        .as("false is the default: still refused").hasMessageStartingWith("listen-proxy-protocol: ");
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("proxy-protocol-on-non-loopback-trusts-any-sender", "yes"),
        dir)).hasMessage("proxy-protocol-on-non-loopback-trusts-any-sender: expected true or false");
  }

  @Test
  void aProxyProtocolListenerOnLoopbackNeedsNoConsent() throws Exception {
    for (String host : new String[] {"127.0.0.1", "127.0.0.2", "[::1]", "localhost"}) {
      assertThat(ConfigLoader.fromMap(Map.of("listen", host + ":8080", "onion-listen", host + ":8081"), dir)
          .listeners()).as("%s is loopback, IPv4 or IPv6", host).hasSize(2);
    }
  }

  @Test
  void aListenerWithoutProxyProtocolMayBindAnyAddress() throws Exception {
    assertThat(ConfigLoader.fromMap(Map.of("listen", "0.0.0.0:8080", "listen-proxy-protocol", "off"), dir)
        .listeners()).as("off: no header is believed, every connection shares the direct bucket")
        .containsExactly(new ListenerConfig("listen", new HostPort("0.0.0.0", 8080), ProxyProtocolMode.OFF));
    assertThat(ConfigLoader.fromMap(Map.of("listen", "[::]:8080", "listen-proxy-protocol", "off",
        "onion-listen", "127.0.0.1:8081"), dir).listeners()).hasSize(2);
  }

  @Test
  void theProofOfWorkKeysDefaultToTheirCitedSources() throws Exception {
    io.rvnt.server.pow.PowConfig pow = ConfigLoader.fromMap(Map.of(), dir).pow();
    assertThat(pow.seedKey()).as("the data directory's pow-seed.key").isEmpty();
    assertThat(pow.seedPeriod()).isEqualTo(Duration.ofMinutes(15));
    assertThat(pow.queueCapacity()).isEqualTo(1_024);
    assertThat(pow.queueDeadline()).as("Tor's MAX_REND_TIMEOUT").isEqualTo(Duration.ofSeconds(30));
    assertThat(pow.updatePeriod()).as("Tor's HS_UPDATE_PERIOD").isEqualTo(Duration.ofSeconds(300));
    assertThat(pow.increase()).isEqualTo(1L << 20);
    assertThat(pow.decreaseFactor()).as("Tor's 2/3").isEqualTo(2.0 / 3.0);
    assertThat(pow.ceiling()).isEqualTo(1L << 28);
  }

  @Test
  void readsEveryProofOfWorkKey() throws Exception {
    io.rvnt.server.pow.PowConfig pow = ConfigLoader.fromMap(Map.of("pow-seed-key", "/etc/rvnt/pow.key",
        "pow-seed-period", "2s", "pow-queue-capacity", "8", "pow-queue-deadline", "500ms", "pow-update-period",
        "200ms", "pow-effort-increase", "4096", "pow-effort-decrease-factor", "0.5", "pow-effort-ceiling",
        "2000000", "register-pow-bits", "12"), dir).pow();
    assertThat(pow).isEqualTo(new io.rvnt.server.pow.PowConfig(java.util.Optional.of(Path.of("/etc/rvnt/pow.key")),
        Duration.ofSeconds(2), 8, Duration.ofMillis(500), Duration.ofMillis(200), 4096, 0.5, 2_000_000));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "pow-seed-period | 500ms | expected at least 1s",
      "pow-seed-period | never | expected a duration such as 10s, 500ms, 2m or 1h",
      "pow-queue-capacity | 0 | expected an integer from 1 to 1048576",
      "pow-queue-capacity | 2000000 | expected an integer from 1 to 1048576",
      "pow-queue-deadline | 0s | expected a positive duration of at most one day",
      "pow-queue-deadline | 25h | expected a positive duration of at most one day",
      "pow-update-period | 50ms | expected at least 100ms",
      "pow-effort-increase | 0 | expected an integer from 1 to 4611686018427387904",
      "pow-effort-decrease-factor | 1 | expected a decimal greater than 0 and less than 1",
      "pow-effort-decrease-factor | 0 | expected a decimal greater than 0 and less than 1",
      "pow-effort-decrease-factor | NaN | expected a decimal greater than 0 and less than 1",
      "pow-effort-decrease-factor | half | expected a decimal such as 0.667",
      "pow-effort-ceiling | 1000 | expected at least the registration floor, 2^register-pow-bits = 1048576",
      "pow-effort-ceiling | 0 | expected an integer from 1 to 9223372036854775807",
      "pow-effort-ceiling | lots | expected an integer",
      "pow-seed-key | '' | empty path",
      "register-pow-bits | 63 | expected an integer from 0 to 62",
      "register-pow-bits | -1 | expected an integer from 0 to 62",
      "write-pow-bits | 63 | expected an integer from 0 to 62",
      "write-pow-bits | many | expected an integer"})
  void refusesABadProofOfWorkValueNamingItsKey(String key, String value, String reason) {
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of(key, value), dir))
        .as("docs/server-config.md: %s = %s is refused", key, value)
        .isInstanceOf(ConfigException.class).hasMessage(key + ": " + reason);
  }

  @Test
  void aPathWithANulCharacterIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("data-dir", "/var/lib/rvnt\0identity"), dir))
        .as("a NUL in a path is a bad value of its key, not an InvalidPathException at start-up")
        .isInstanceOf(ConfigException.class).hasMessage("data-dir: not a path (Nul character not allowed)");
  }

  @Test
  void theProofOfWorkPeriodsAcceptTheirMinimums() throws Exception {
    io.rvnt.server.pow.PowConfig pow = ConfigLoader.fromMap(Map.of("pow-seed-period", "1s", "pow-update-period",
        "100ms"), dir).pow();
    assertThat(pow.seedPeriod()).as("pow-seed-period: at least 1s").isEqualTo(Duration.ofSeconds(1));
    assertThat(pow.updatePeriod()).as("pow-update-period: at least 100ms").isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theSampleFileParsesToTheDefaults() throws Exception {
    Path sample = Path.of("..", "resources", "config", "identity-server.conf");
    assertThat(ConfigLoader.load(sample, Map.of(), dir))
        .as("resources/config/identity-server.conf lists the defaults")
        .isEqualTo(ConfigLoader.fromMap(Map.of(), dir));
  }

  @Test
  void everyKeyIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "server-config.md"));
    for (String key : ConfigLoader.KEYS) {
      assertThat(doc).as("docs/server-config.md documents %s", key).contains("| `" + key + "` |");
    }
  }
}
