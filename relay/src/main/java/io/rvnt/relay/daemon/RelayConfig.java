package io.rvnt.relay.daemon;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.core.RelayLimits;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a relay runs (server architecture, "Relay Nodes"; docs/relay.md; docs/relay-protocol.md §8 for the limits).
 *
 * @param dataDir holds the peer key (peer.key, mode 0600) and the mailboxes (mailboxes/, RocksDB); mode 0700.
 *     Default /var/lib/rvnt/relay.
 * @param listen addresses to listen on. Default 4002/udp (QUIC) and 4002/tcp on every interface.
 * @param admin loopback address of the admin listener (/metrics, /metrics.pb, /health). Default 127.0.0.1:4012,
 *     beside the bootstrap node's 4011 and the identity server's 9090.
 * @param adminLimits the admin listener's limits (docs/admin.md). Default {@link AdminLimits#DEFAULTS}.
 * @param maxConnections open libp2p connections. Default 10,000.
 * @param limits the protocol's limits
 * @param logLevel how much the process logs (to stderr, never a mailbox, key, blob, peer or address at any level).
 *     Default WARN.
 * @param lan LAN discovery (docs/discovery.md): the relay announces itself with mDNS (and DNS-SD) so that LAN
 *     clients find it; it joins no one, so it cannot run quiet. Default off.
 */
public record RelayConfig(Path dataDir, List<Multiaddr> listen, InetSocketAddress admin, AdminLimits adminLimits,
    int maxConnections, RelayLimits limits, LogLevel logLevel, Optional<LanDiscoveryConfig> lan) {

  public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/rvnt/relay");
  public static final List<Multiaddr> DEFAULT_LISTEN = List.of(
      Multiaddr.parse("/ip4/0.0.0.0/udp/4002/quic-v1"), Multiaddr.parse("/ip4/0.0.0.0/tcp/4002"));
  public static final InetSocketAddress DEFAULT_ADMIN = new InetSocketAddress("127.0.0.1", 4012);
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  public RelayConfig {
    listen = List.copyOf(listen);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("a relay needs at least one listen address");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max-connections must be positive");
    }
    if (admin.isUnresolved() || !admin.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the admin listener must be on a loopback address (127.0.0.1, ::1 or "
          + "localhost), not " + admin.getHostString());
    }
    Objects.requireNonNull(logLevel, "logLevel");
    if (lan.isPresent() && !lan.get().mdns().announce()) {
      throw new IllegalArgumentException("a relay joins no LAN peers: its LAN discovery only announces it, "
          + "so mdns-quiet (discovering without announcing) would do nothing");
    }
  }

  public static RelayConfig defaults() {
    return new RelayConfig(DEFAULT_DATA_DIR, DEFAULT_LISTEN, DEFAULT_ADMIN, AdminLimits.DEFAULTS,
        DEFAULT_MAX_CONNECTIONS, RelayLimits.DEFAULTS, LogLevel.WARN,
        Optional.empty());
  }

  public RelayConfig withDataDir(Path value) {
    return new RelayConfig(value, listen, admin, adminLimits, maxConnections, limits, logLevel, lan);
  }

  public RelayConfig withListen(List<Multiaddr> value) {
    return new RelayConfig(dataDir, value, admin, adminLimits, maxConnections, limits, logLevel, lan);
  }

  public RelayConfig withAdmin(InetSocketAddress value) {
    return new RelayConfig(dataDir, listen, value, adminLimits, maxConnections, limits, logLevel, lan);
  }

  public RelayConfig withAdminLimits(AdminLimits value) {
    return new RelayConfig(dataDir, listen, admin, value, maxConnections, limits, logLevel, lan);
  }

  public RelayConfig withMaxConnections(int value) {
    return new RelayConfig(dataDir, listen, admin, adminLimits, value, limits, logLevel, lan);
  }

  public RelayConfig withLimits(RelayLimits value) {
    return new RelayConfig(dataDir, listen, admin, adminLimits, maxConnections, value, logLevel, lan);
  }

  public RelayConfig withLogLevel(LogLevel value) {
    return new RelayConfig(dataDir, listen, admin, adminLimits, maxConnections, limits, value, lan);
  }

  public RelayConfig withLan(Optional<LanDiscoveryConfig> value) {
    return new RelayConfig(dataDir, listen, admin, adminLimits, maxConnections, limits, logLevel, value);
  }
}
