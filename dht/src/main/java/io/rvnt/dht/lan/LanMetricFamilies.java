package io.rvnt.dht.lan;

import io.rvnt.daemon.admin.Family;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link LanDiscovery#counters()} exports on a server's admin listener, declared once for every server that
 * runs LAN discovery: each key of the counters map belongs to exactly one family here. A bootstrap node has all of
 * {@link #FAMILIES}; a relay, which only announces itself, has {@link #MDNS}.
 */
public final class LanMetricFamilies {

  /** The mDNS service's counters since the node started; {@code mdns_refused_<reason>} carries the reason. */
  public static final List<Family> MDNS = List.of(
      Family.counter("mdns_packets_received", "mDNS packets received on the LAN interfaces since the node started."),
      Family.counter("mdns_queries_received", "mDNS queries for libp2p or DNS-SD names received since start."),
      Family.counter("mdns_queries_sent", "mDNS queries for libp2p peers this node sent since start."),
      Family.counter("mdns_answers_sent", "mDNS answers (announcements included) this node sent since start."),
      Family.counter("mdns_answers_suppressed", "mDNS answers not sent because one went out on that interface less "
          + "than a second before (RFC 6762 section 6), since start."),
      Family.counter("mdns_announcements_accepted", "Peer announcements heard on mDNS that passed every check, "
          + "since start."),
      Family.counter("mdns_addresses_ignored", "Addresses in heard announcements that were off the link or of a "
          + "transport this node does not dial, since start."),
      Family.counter("mdns_send_failures", "mDNS packets the interface refused to send, since start."),
      Family.counters("mdns_refused", "mDNS packets ignored as malformed or not allowed, per reason, since start.",
          "mdns_refused_", "reason"));

  /** The joins of heard peers into the DHT, since the node started. */
  public static final List<Family> JOINS = List.of(
      Family.counter("lan_peers_heard", "Peers heard on the LAN that this node tried to join, since start."),
      Family.counter("lan_peers_joined", "LAN peers that proved their PeerId and joined the routing table, since "
          + "start."),
      Family.counter("lan_peer_dials_failed", "Dials to LAN peers that failed or did not prove the PeerId, since "
          + "start."));

  /** Every family: {@link #MDNS} and {@link #JOINS}. */
  public static final List<Family> FAMILIES = Stream.concat(MDNS.stream(), JOINS.stream()).toList();

  private LanMetricFamilies() {}
}
