package io.rvnt.dht.lan;

import io.rvnt.p2p.discovery.mdns.MdnsConfig;
import java.time.Duration;
import java.util.List;

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
}
