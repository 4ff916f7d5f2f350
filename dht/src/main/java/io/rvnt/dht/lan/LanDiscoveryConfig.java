package io.rvnt.dht.lan;

import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.p2p.discovery.mdns.MdnsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * LAN discovery of a server node (bootstrap, relay): libp2p mDNS, optionally DNS-SD.
 *
 * @param dnsSd also register the {@code _rvnt._udp} / {@code _rvnt._tcp} DNS-SD services (needs announcing)
 * @param interfaces run on exactly these interfaces; empty: on those the node listens on (see
 *     {@link io.rvnt.p2p.discovery.mdns.LanLinks})
 * @param mdns the responder's and querier's settings; {@code mdns.announce()} off means listen and ask only
 * @param redialInterval least time between two attempts to join the same LAN peer. Default 60 s: peers answer every
 *     query (10 s), and a peer that failed once is not dialed at each answer.
 * @param maxTrackedPeers LAN peers remembered for that interval; beyond, newly heard ones wait. Default 1024.
 */
public record LanDiscoveryConfig(boolean dnsSd, List<String> interfaces, MdnsConfig mdns, Duration redialInterval,
    int maxTrackedPeers) {

  /** The settings of a server's configuration file, named as its command-line flags. */
  public static final Set<String> SETTING_KEYS = Set.of("mdns", "mdns-quiet", "dns-sd", "mdns-interface");
  public static final Duration DEFAULT_REDIAL_INTERVAL = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_TRACKED_PEERS = 1024;

  public LanDiscoveryConfig {
    interfaces = List.copyOf(interfaces);
    if (dnsSd && !mdns.announce()) {
      throw new IllegalArgumentException("DNS-SD registers the node on the LAN: it cannot go with announcing off");
    }
    if (redialInterval.isNegative() || maxTrackedPeers < 1) {
      throw new IllegalArgumentException("redialInterval must not be negative, maxTrackedPeers must be positive");
    }
  }

  /** Discovery and announcing with the defaults. */
  public static LanDiscoveryConfig defaults(boolean announce, boolean dnsSd, List<String> interfaces) {
    return new LanDiscoveryConfig(dnsSd, interfaces, MdnsConfig.DEFAULTS.withAnnounce(announce),
        DEFAULT_REDIAL_INTERVAL, DEFAULT_MAX_TRACKED_PEERS);
  }

  /**
   * LAN discovery as {@code base} has it, with each given flag switched on: any of them turns mDNS on;
   * {@code quiet} discovers without announcing; {@code dnsSd} also registers the DNS-SD services; non-empty
   * {@code interfaces} replace the base's.
   *
   * @throws IllegalArgumentException for DNS-SD with announcing off
   */
  public static Optional<LanDiscoveryConfig> fromFlags(boolean mdns, boolean quiet, boolean dnsSd,
      List<String> interfaces, Optional<LanDiscoveryConfig> base) {
    if (!mdns && !quiet && !dnsSd && interfaces.isEmpty()) {
      return base;
    }
    boolean q = quiet || base.map(l -> !l.mdns().announce()).orElse(false);
    boolean d = dnsSd || base.map(LanDiscoveryConfig::dnsSd).orElse(false);
    List<String> names = interfaces.isEmpty() ? base.map(LanDiscoveryConfig::interfaces).orElse(List.of())
        : interfaces;
    return Optional.of(defaults(!q, d, names));
  }

  /** {@link #fromFlags} with the {@link #SETTING_KEYS} of a configuration file. */
  public static Optional<LanDiscoveryConfig> fromSettings(SettingsFile file, Optional<LanDiscoveryConfig> base) {
    return fromFlags(file.flag("mdns"), file.flag("mdns-quiet"), file.flag("dns-sd"), file.list("mdns-interface"),
        base);
  }
}
