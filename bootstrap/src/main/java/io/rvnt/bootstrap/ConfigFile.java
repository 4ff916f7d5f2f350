package io.rvnt.bootstrap;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * peer = /dns4/boot2.example/udp/4001/quic-v1/p2p/12D3KooW..., /dns4/boot3.example/tcp/4001/p2p/12D3KooW...
 * </pre>
 *
 * An unknown key is an error, so that a misspelt setting is not silently ignored. {@code admin-idle-timeout} is in
 * seconds.
 */
public final class ConfigFile {

  private static final Set<String> KEYS = Set.of("data-dir", "listen", "admin", "peer", "max-connections",
      "admin-max-request-bytes", "admin-idle-timeout", "admin-max-connections", "admin-snapshot-queue");

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
    return new BootstrapConfig(dataDir, listen, admin, adminLimits, peers, base.peerRetry(), maxConnections,
        base.dht());
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
    return new InetSocketAddress(host, port);
  }
}
