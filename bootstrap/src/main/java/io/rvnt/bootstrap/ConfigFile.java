package io.rvnt.bootstrap;

import io.netty.util.NetUtil;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.p2p.dns.NettyTxtLookup;
import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The bootstrap node's configuration file: Java properties with the command line's names, lists separated by
 * commas.
 *
 * <pre>
 * data-dir = /var/lib/rvnt/bootstrap
 * listen = /ip4/0.0.0.0/udp/4001/quic-v1, /ip4/0.0.0.0/tcp/4001
 * admin = 127.0.0.1:4011
 * admin-max-request-bytes = 8192
 * admin-idle-timeout = 30
 * admin-max-connections = 16
 * admin-snapshot-queue = 16
 * max-connections = 10000
 * log-level = warn
 * aggregate-log-interval = 1h
 * peer = /dns4/boot2.example/udp/4001/quic-v1/p2p/12D3KooW..., /dnsaddr/bootstrap.example
 * dns-server = 192.0.2.53:53
 * mdns = true
 * mdns-quiet = false
 * dns-sd = true
 * mdns-interface = eth1
 * </pre>
 *
 * An unknown key is an error, so that a misspelt setting is not silently ignored. {@code admin-idle-timeout} is in
 * seconds; {@code aggregate-log-interval} is {@code 30s}, {@code 10m}, {@code 1h} or seconds.
 */
public final class ConfigFile {

  private static final Set<String> KEYS = Set.of("data-dir", "listen", "admin", "peer", "max-connections", "mdns",
      "mdns-quiet", "dns-sd", "mdns-interface", "log-level", "dns-server", "admin-max-request-bytes",
      "admin-idle-timeout", "admin-max-connections", "admin-snapshot-queue", "aggregate-log-interval");

  private ConfigFile() {}

  /** {@code base} with the settings of {@code file} applied. */
  public static BootstrapConfig apply(BootstrapConfig base, Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    for (String key : p.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown setting '" + key + "' in " + file + " (known: " + KEYS + ")");
      }
    }
    Path dataDir = p.containsKey("data-dir") ? Path.of(p.getProperty("data-dir").strip()) : base.dataDir();
    List<Multiaddr> listen = p.containsKey("listen") ? addresses(p.getProperty("listen")) : base.listen();
    InetSocketAddress admin = p.containsKey("admin") ? hostPort(p.getProperty("admin")) : base.admin();
    List<Multiaddr> peers = p.containsKey("peer") ? addresses(p.getProperty("peer")) : base.peers();
    int maxConnections = number(p, "max-connections", base.maxConnections());
    AdminLimits limits = base.adminLimits();
    AdminLimits adminLimits = new AdminLimits(
        number(p, "admin-max-request-bytes", limits.maxRequestBytes()),
        Duration.ofSeconds(number(p, "admin-idle-timeout", (int) limits.idleTimeout().toSeconds())),
        number(p, "admin-max-connections", limits.maxConnections()),
        number(p, "admin-snapshot-queue", limits.snapshotQueue()));
    Optional<LanDiscoveryConfig> lan = lan(flag(p, "mdns"), flag(p, "mdns-quiet"), flag(p, "dns-sd"),
        p.containsKey("mdns-interface") ? names(p.getProperty("mdns-interface")) : List.of(), base.lan());
    LogLevel logLevel = p.containsKey("log-level") ? logLevel(p.getProperty("log-level")) : base.logLevel();
    Optional<InetSocketAddress> dnsServer = p.containsKey("dns-server")
        ? Optional.of(NettyTxtLookup.parseServer(p.getProperty("dns-server"))) : base.dnsServer();
    java.time.Duration aggregates = p.containsKey("aggregate-log-interval")
        ? AggregateReporter.parseInterval(p.getProperty("aggregate-log-interval")) : base.aggregateLogInterval();
    return new BootstrapConfig(dataDir, listen, admin, adminLimits, peers, base.peerRetry(), maxConnections,
        base.dht(), lan, logLevel, dnsServer, aggregates);
  }

  private static int number(Properties p, String key, int fallback) {
    if (!p.containsKey(key)) {
      return fallback;
    }
    try {
      return Integer.parseInt(p.getProperty(key).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number", e);
    }
  }

  /**
   * LAN discovery as {@code base} has it, with each given setting switched on: any of them turns mDNS on;
   * {@code quiet} discovers without announcing; {@code dnsSd} also registers the DNS-SD services.
   */
  public static Optional<LanDiscoveryConfig> lan(boolean mdns, boolean quiet, boolean dnsSd, List<String> interfaces,
      Optional<LanDiscoveryConfig> base) {
    if (!mdns && !quiet && !dnsSd && interfaces.isEmpty()) {
      return base;
    }
    boolean q = quiet || base.map(l -> !l.mdns().announce()).orElse(false);
    boolean d = dnsSd || base.map(LanDiscoveryConfig::dnsSd).orElse(false);
    List<String> names = interfaces.isEmpty() ? base.map(LanDiscoveryConfig::interfaces).orElse(List.of())
        : interfaces;
    return Optional.of(LanDiscoveryConfig.defaults(!q, d, names));
  }

  private static boolean flag(Properties p, String key) {
    String v = p.getProperty(key, "false").strip();
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not " + v);
    }
    return v.equals("true");
  }

  private static List<String> names(String list) {
    return List.of(list.split(",")).stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
  }

  public static List<Multiaddr> addresses(String list) {
    List<Multiaddr> out = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        try {
          out.add(Multiaddr.parse(part.strip()));
        } catch (MultiformatException e) {
          throw new IllegalArgumentException("not a multiaddr: " + part.strip(), e);
        }
      }
    }
    return out;
  }

  /** Parses a log level: off, error, warn, info, debug or trace. */
  public static LogLevel logLevel(String text) {
    try {
      return LogLevel.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log-level: " + e.getMessage(), e);
    }
  }

  /** Parses {@code HOST:PORT}; the host must be a literal loopback address or "localhost". */
  public static InetSocketAddress hostPort(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not HOST:PORT: " + t);
    }
    String host = t.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + t.substring(colon + 1), e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (host.equals("localhost")) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    // A literal address only: a name would be looked up (network traffic at start-up, and an answer that may not be
    // loopback at all), and the admin listener serves metrics that must not leave the host.
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
    InetAddress address;
    try {
      address = ip == null ? null : InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new AssertionError("an IP address of 4 or 16 bytes", e);
    }
    if (address == null || !address.isLoopbackAddress()) {
      throw new IllegalArgumentException("the admin listener takes a loopback address or localhost, not " + host);
    }
    return new InetSocketAddress(address, port);
  }
}
