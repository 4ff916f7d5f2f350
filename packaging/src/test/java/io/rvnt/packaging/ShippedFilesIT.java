package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.server.config.ConfigLoader;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.server.config.ListenerConfig;
import io.rvnt.server.config.MemberRole;
import io.rvnt.server.config.ProxyProtocolMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hardening files say what the server architecture says, and the bundle carries them with valid sums. */
class ShippedFilesIT {
  @TempDir Path dir;

  @Test
  void witnessConfigIsAcceptedAndItsClusterExampleFilledInMakesAWitnessMember() throws Exception {
    String shipped = Files.readString(Shipped.file("config/identity-witness.conf"));
    IdentityServerConfig alone = ConfigLoader.load(Shipped.file("config/identity-witness.conf"), Map.of(),
        dir.resolve("default"));
    assertThat(alone.admin().host()).as("admin stays on loopback").isEqualTo("127.0.0.1");
    assertThat(alone.listeners()).as("until the cluster keys are set, its only API listener is on loopback")
        .allSatisfy(l -> assertThat(l.address().host()).isEqualTo("127.0.0.1"));

    // The commented example, uncommented, with a digest for each placeholder: what an operator fills in.
    String filled = shipped.replaceAll("(?m)^# (cluster-|pow-seed-key)", "$1")
        .replace("SHA256-OF-ALPHA'S-CERTIFICATE", "a".repeat(64))
        .replace("SHA256-OF-BETA'S-CERTIFICATE", "b".repeat(64))
        .replace("SHA256-OF-GAMMA'S-CERTIFICATE", "c".repeat(64));
    Path config = dir.resolve("witness.conf");
    Files.writeString(config, filled);
    IdentityServerConfig member = ConfigLoader.load(config, Map.of(), dir.resolve("default"));
    assertThat(member.cluster()).as("the example makes a cluster member").isPresent();
    assertThat(member.cluster().orElseThrow().me().role()).as("the example's self is the witness")
        .isEqualTo(MemberRole.WITNESS);
  }

  @Test
  void identityConfigIsAcceptedAndRequiresProxyHeadersOnTheOnionListener() throws Exception {
    IdentityServerConfig config =
        ConfigLoader.load(Shipped.file("config/identity.conf"), Map.of(), dir.resolve("default"));
    ListenerConfig onion = config.listeners().stream().filter(l -> l.name().equals("onion-listen")).findFirst()
        .orElseThrow();
    assertThat(onion.proxyProtocol()).as("tor's PROXY header is required on the onion listener")
        .isEqualTo(ProxyProtocolMode.REQUIRED);
    assertThat(config.admin().host()).as("admin stays on loopback").isEqualTo("127.0.0.1");
    String torrc = Files.readString(Shipped.file("tor/rvnt-onion.torrc"));
    assertThat(torrc).as("tor sends the circuit id as a PROXY header to that listener")
        .contains("HiddenServiceExportCircuitID haproxy")
        .contains("HiddenServicePort 80 " + onion.address().host() + ":" + onion.address().port())
        .contains("HiddenServiceVersion 3")
        .as("Tor's onion-service proof of work defends the introduction points").contains(
            "HiddenServicePoWDefensesEnabled 1");
  }

  @Test
  void sysctlCarriesTheArchitecturesKernelHardening() throws Exception {
    String sysctl = Files.readString(Shipped.file("sysctl/99-rvnt.conf"));
    assertThat(sysctl).contains("net.ipv4.tcp_syncookies = 1", "net.ipv4.conf.all.rp_filter = 1",
        "net.ipv4.conf.all.send_redirects = 0", "kernel.randomize_va_space = 2", "net.ipv4.ip_forward = 0",
        "net.ipv4.conf.all.accept_redirects = 0");
    assertThat(sysctl).as("Yama is skipped where the kernel has none").contains("\n-kernel.yama.ptrace_scope = 2\n");
  }

  @Test
  void fail2banBansForAnHourAfterFiveFailures() throws Exception {
    String jail = Files.readString(Shipped.file("fail2ban/rvnt-sshd.local"));
    assertThat(jail).contains("[sshd]", "enabled = true", "maxretry = 5", "bantime = 1h");
  }

  @Test
  void fail2banNeverBansTheAdminRangesNorLoopback() throws Exception {
    String jail = Files.readString(Shipped.file("fail2ban/rvnt-sshd.local"));
    assertThat(jail).as("install.sh appends each --admin-cidr to this line").contains("\nignoreip = 127.0.0.1/8 ::1\n");
  }

  @Test
  void firewallOpensOnlyTheRolesPortsAndSshFromTheAllowlist() throws Exception {
    String ufw = Files.readString(Shipped.file("firewall/rvnt-ufw.sh"));
    assertThat(ufw).contains("default deny incoming", "logging off",
        "allow proto tcp from $cidr to any port $ssh_port", "roles.conf");
    assertThat(ufw).as("SSH is never opened to everyone").doesNotContain("allow 22").doesNotContain("allow ssh");
    assertThat(RolesTable.rows()).as("the public ports per role")
        .anySatisfy(r -> assertThat(r.role() + " " + r.publicPorts()).isEqualTo("identity [80/tcp, 443/tcp]"))
        .anySatisfy(r -> assertThat(r.role() + " " + r.publicPorts()).isEqualTo("bootstrap [4001/tcp, 4001/udp]"));
    Shipped.Run noAllowlist = Shipped.run(List.of("sh", Shipped.file("firewall/rvnt-ufw.sh").toString(),
        "identity"));
    assertThat(noAllowlist.exit()).as("without an admin allowlist the script refuses before touching ufw")
        .isEqualTo(2);
  }

  @Test
  void theRelayShipsTheBootstrapNodesSandboxAndOnlyItsOwnPortsAreOpened() throws Exception {
    String relay = Files.readString(Shipped.file("systemd/rvnt-relay.service"));
    String bootstrap = Files.readString(Shipped.file("systemd/rvnt-bootstrap.service"));
    assertThat(hardening(relay)).as("every sandboxing directive of rvnt-bootstrap.service, no fewer, no other")
        .isEqualTo(hardening(bootstrap));
    String exec = relay.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    assertThat(exec).as("the relay runs from its config file, as the other roles do").endsWith(
        " relay --config /etc/rvnt/relay.conf");
    assertThat(Files.readString(Shipped.file("config/relay.conf"))).as(
            "the relay on 4002, its admin listener on loopback, data where the unit may write")
        .contains("data-dir = /var/lib/rvnt/relay\n", "admin = 127.0.0.1:9092\n",
            "listen = /ip4/0.0.0.0/udp/4002/quic-v1, /ip4/0.0.0.0/tcp/4002\n");
    assertThat(RolesTable.rows()).as("a relay host opens its libp2p port, TCP and QUIC, and nothing else beyond SSH")
        .anySatisfy(r -> assertThat(r.role() + " " + r.publicPorts()).isEqualTo("relay [4002/tcp, 4002/udp]"));
  }

  /** The [Service] directives that sandbox the process: everything but what it runs and how it restarts. */
  private static List<String> hardening(String unit) {
    String service = unit.substring(unit.indexOf("[Service]"), unit.indexOf("[Install]"));
    return service.lines().filter(l -> l.contains("=") && !l.startsWith("#") && !l.startsWith("ExecStart="))
        .toList();
  }

  @Test
  void unattendedUpgradesRunDaily() throws Exception {
    assertThat(Files.readString(Shipped.file("apt/52rvnt-unattended-upgrades")))
        .contains("APT::Periodic::Unattended-Upgrade \"1\";", "APT::Periodic::Update-Package-Lists \"1\";");
  }

  @Test
  void nginxLogsNothingAndEmptiesIdentifyingHeaders() throws Exception {
    String site = Files.readString(Shipped.file("nginx/rvnt-identity.conf"));
    assertThat(site).contains("access_log off;", "error_log /dev/null;", "proxy_set_header X-Real-IP \"\";",
        "proxy_set_header X-Forwarded-For \"\";", "proxy_set_header X-Forwarded-Proto \"\";",
        "/etc/letsencrypt/live/", "listen 443 ssl;");
    assertThat(site).as("HTTP/1.1 only: one set of header limits").doesNotContain("http2");
    assertThat(Files.readString(Shipped.file("nginx/rvnt-identity-http.conf")))
        .contains("listen 80 default_server;", "access_log off;", "error_log /dev/null;", "/.well-known/acme-challenge/");
    assertThat(Files.readString(Shipped.file("nginx/rvnt-no-logs.conf")))
        .contains("\naccess_log off;\nerror_log /dev/null;\n");
  }

  @Test
  void scriptsAreValidShell() throws Exception {
    for (String script : List.of("install.sh", "bin/rvnt-service", "firewall/rvnt-ufw.sh")) {
      Shipped.Run check = Shipped.run(List.of("sh", "-n", Shipped.file(script).toString()));
      assertThat(check.exit()).as(script + ": " + check.output()).isZero();
    }
  }

  @Test
  void bundleCarriesEveryFileWithMatchingSums() throws Exception {
    Path folder = unpackedBundle();
    assertThat(folder.getFileName().toString()).as("one folder rvnt-VERSION")
        .isEqualTo("rvnt-" + Files.readString(folder.resolve("VERSION")).strip());
    for (String file : List.of("rvnt.jar", "install.sh", "roles.conf", "bin/rvnt-service", "bin/rvnt-cluster-peers",
        "systemd/rvnt-identity.service", "systemd/rvnt-identity-witness.service", "systemd/rvnt-bootstrap.service",
        "systemd/rvnt-relay.service",
        "journald/rvnt.conf", "nginx/rvnt-identity.conf", "nginx/rvnt-identity-http.conf", "nginx/rvnt-no-logs.conf",
        "sysctl/99-rvnt.conf", "firewall/rvnt-ufw.sh", "fail2ban/rvnt-sshd.local", "apt/52rvnt-unattended-upgrades",
        "tor/rvnt-onion.torrc", "config/identity.conf", "config/identity-witness.conf", "config/bootstrap.conf",
        "config/relay.conf",
        "ssh/rvnt-sshd.conf", "monitoring/prometheus.yml", "monitoring/prometheus-central.yml",
        "monitoring/rvnt-alerts.yml", "monitoring/tests/rvnt-alerts-test.yml", "monitoring/alertmanager.yml",
        "monitoring/targets/identity.yml", "monitoring/targets/identity-witness.yml",
        "monitoring/targets/bootstrap.yml", "monitoring/targets/relay.yml",
        "SHA256SUMS")) {
      assertThat(folder.resolve(file)).as("the bundle carries " + file).isRegularFile();
    }
    assertThat(Files.isExecutable(folder.resolve("install.sh"))).as("scripts keep their mode").isTrue();
    Shipped.Run sums = Shipped.run(List.of("sh", "-c", "cd " + folder + " && sha256sum --strict -c SHA256SUMS"));
    assertThat(sums.exit()).as("SHA256SUMS matches every file: " + sums.output()).isZero();
    long listed = Files.readAllLines(folder.resolve("SHA256SUMS")).size();
    long files;
    try (var all = Files.walk(folder)) {
      files = all.filter(Files::isRegularFile).count();
    }
    assertThat(listed).as("every file but SHA256SUMS itself is listed").isEqualTo(files - 1);
  }

  @Test
  void theJarCarriesNativeLibrariesForLinuxX8664AndAarch64Only() throws Exception {
    Path jar = unpackedBundle().resolve("rvnt.jar");
    List<String> natives = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().map(ZipEntry::getName)
          .filter(name -> name.matches(".*\\.(so|dll|dylib|jnilib)$")).forEach(natives::add);
    }
    assertThat(natives).as("what the servers and the console load on Linux x86_64 and aarch64 is kept")
        .contains("librocksdbjni-linux64.so", "librocksdbjni-linux-aarch64.so",
            "META-INF/native/libnetty_quiche42_linux_x86_64.so", "libglassgtk3.so");
    assertThat(natives).as("no native library of another system or processor makes every deploy larger")
        .noneMatch(name -> name.matches("(?i).*(osx|macos|darwin|windows|win32|kqueue|ppc64|s390x|riscv64|musl).*")
            || name.endsWith(".dll") || name.endsWith(".dylib") || name.endsWith(".jnilib"));
  }

  /** The release bundle unpacked into the test's directory: its one top folder. */
  private Path unpackedBundle() throws Exception {
    Shipped.Run unpack = Shipped.run(List.of("tar", "-xzf", Shipped.bundle().toString(), "-C", dir.toString()));
    assertThat(unpack.exit()).as(unpack.output()).isZero();
    try (var folders = Files.list(dir)) {
      return folders.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }
}
