package io.rvnt.bootstrap;

import io.rvnt.p2p.dns.NettyTxtLookup;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * max-connections = 10000
 * peer = /dns4/boot2.example/udp/4001/quic-v1/p2p/12D3KooW..., /dnsaddr/bootstrap.example
 * dns-server = 192.0.2.53:53
 * </pre>
 *
 * An unknown key is an error, so that a misspelt setting is not silently ignored.
 */
public final class ConfigFile {

  private static final Set<String> KEYS = Set.of("data-dir", "listen", "admin", "peer", "max-connections",
      "dns-server");

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
    int maxConnections = base.maxConnections();
    if (p.containsKey("max-connections")) {
      try {
        maxConnections = Integer.parseInt(p.getProperty("max-connections").strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("max-connections is not a number", e);
      }
    }
    Optional<InetSocketAddress> dnsServer = p.containsKey("dns-server")
        ? Optional.of(NettyTxtLookup.parseServer(p.getProperty("dns-server"))) : base.dnsServer();
    return new BootstrapConfig(dataDir, listen, admin, peers, base.peerRetry(), maxConnections, base.dht(),
        dnsServer);
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
