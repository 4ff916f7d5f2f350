package io.rvnt.bootstrap;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.dns.DnsaddrResolver;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a bootstrap node runs (server architecture, "Bootstrap Nodes").
 *
 * @param dataDir holds the peer key (peer.key, mode 0600) and the DHT records (records/, RocksDB); mode 0700.
 *     Default /var/lib/rvnt/bootstrap, the only directory the systemd unit may write.
 * @param listen addresses to listen on. Default 4001/udp (QUIC) and 4001/tcp on every interface.
 * @param admin loopback address of the admin listener (/metrics, /metrics.pb, /health). Default 127.0.0.1:4011.
 * @param adminLimits the admin listener's limits (docs/admin.md). Default {@link AdminLimits#DEFAULTS}.
 * @param peers the other bootstrap nodes, dialed at start and again while unreachable: each with /p2p, or a
 *     {@code /dnsaddr/DOMAIN} address whose TXT records list them (looked up again every {@code peerRetry}; the
 *     node skips its own records).
 * @param dnsServer the DNS server asked for {@code /dnsaddr} peers; empty for the system's (resolv.conf).
 * @param peerRetry how often unreachable peers are dialed again. Default 30 s.
 * @param maxConnections open libp2p connections, inbound and outbound. Default 10,000: the target for a
 *     2-core node (the process needs a file limit above it: LimitNOFILE in the systemd unit).
 * @param dht the DHT's parameters; always server mode.
 * @param lan LAN discovery (mDNS, DNS-SD; docs/discovery.md). Default off on a server.
 * @param logLevel how much the process logs (to stderr, never a peer's data at any level). Default WARN.
 * @param aggregateLogInterval how often the aggregate lines are logged (docs/monitoring.md). Default 1 hour.
 */
public record BootstrapConfig(Path dataDir, List<Multiaddr> listen, InetSocketAddress admin, AdminLimits adminLimits,
    List<Multiaddr> peers, java.time.Duration peerRetry, int maxConnections, DhtConfig dht,
    Optional<LanDiscoveryConfig> lan, LogLevel logLevel, Optional<InetSocketAddress> dnsServer,
    java.time.Duration aggregateLogInterval) {

  public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/rvnt/bootstrap");
  public static final List<Multiaddr> DEFAULT_LISTEN = List.of(
      Multiaddr.parse("/ip4/0.0.0.0/udp/4001/quic-v1"), Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"));
  public static final InetSocketAddress DEFAULT_ADMIN = new InetSocketAddress("127.0.0.1", 4011);
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  public BootstrapConfig {
    listen = List.copyOf(listen);
    peers = List.copyOf(peers);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("a bootstrap node needs at least one listen address");
    }
    if (!admin.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the admin listener must be on a loopback address");
    }
    for (Multiaddr peer : peers) {
      if (peer.peerIdMultihash().isEmpty() && !DnsaddrResolver.isDnsaddr(peer)) {
        throw new IllegalArgumentException("a peer address needs its /p2p/PEER_ID part (or is /dnsaddr/DOMAIN): "
            + peer);
      }
    }
    dht = dht.withServerMode(true);
    java.util.Objects.requireNonNull(logLevel, "logLevel");
    java.util.Objects.requireNonNull(dnsServer, "dnsServer");
    AggregateReporter.checkInterval(aggregateLogInterval);
  }

  /**
   * With the admin listener's default limits, without LAN discovery, logging at the default level, asking the
   * system's DNS servers.
   */
  public BootstrapConfig(Path dataDir, List<Multiaddr> listen, InetSocketAddress admin, List<Multiaddr> peers,
      java.time.Duration peerRetry, int maxConnections, DhtConfig dht) {
    this(dataDir, listen, admin, AdminLimits.DEFAULTS, peers, peerRetry, maxConnections, dht, Optional.empty(),
        LogLevel.WARN, Optional.empty(), AggregateReporter.DEFAULT_INTERVAL);
  }

  public BootstrapConfig withLan(Optional<LanDiscoveryConfig> discovery) {
    return new BootstrapConfig(dataDir, listen, admin, adminLimits, peers, peerRetry, maxConnections, dht, discovery,
        logLevel, dnsServer, aggregateLogInterval);
  }

  public static BootstrapConfig defaults() {
    return new BootstrapConfig(DEFAULT_DATA_DIR, DEFAULT_LISTEN, DEFAULT_ADMIN, AdminLimits.DEFAULTS, List.of(),
        java.time.Duration.ofSeconds(30), DEFAULT_MAX_CONNECTIONS, DhtConfig.DEFAULTS, Optional.empty(),
        LogLevel.WARN, Optional.empty(), AggregateReporter.DEFAULT_INTERVAL);
  }
}
