package io.rvnt.bootstrap;

import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.dns.NettyTxtLookup;
import io.rvnt.p2p.multiformats.MultiaddrList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The bootstrap node's configuration file ({@link SettingsFile}: Java properties with the command line's names,
 * lists separated by commas, unknown keys refused).
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
 * {@code admin-idle-timeout} is in seconds; {@code aggregate-log-interval} is {@code 30s}, {@code 10m}, {@code 1h} or
 * seconds.
 */
public final class ConfigFile {

  private static final Set<String> KEYS = SettingsFile.union(SettingsFile.ADMIN_KEYS,
      LanDiscoveryConfig.SETTING_KEYS,
      Set.of("data-dir", "listen", "peer", "max-connections", "log-level", "dns-server", "aggregate-log-interval"));

  private ConfigFile() {}

  /** {@code base} with the settings of {@code file} applied. */
  public static BootstrapConfig apply(BootstrapConfig base, Path file) throws IOException {
    SettingsFile s = SettingsFile.read(file, KEYS);
    Optional<InetSocketAddress> dnsServer = s.text("dns-server").map(NettyTxtLookup::parseServer);
    return new BootstrapConfig(
        s.text("data-dir").map(Path::of).orElse(base.dataDir()),
        s.text("listen").map(MultiaddrList::parse).orElse(base.listen()),
        s.admin(base.admin()),
        s.adminLimits(base.adminLimits()),
        s.text("peer").map(MultiaddrList::parse).orElse(base.peers()),
        base.peerRetry(),
        s.integer("max-connections", base.maxConnections()),
        base.dht(),
        LanDiscoveryConfig.fromSettings(s, base.lan()),
        s.logLevel(base.logLevel()),
        dnsServer.or(base::dnsServer),
        s.text("aggregate-log-interval").map(AggregateReporter::parseInterval).orElse(base.aggregateLogInterval()));
  }
}
