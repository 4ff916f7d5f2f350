package io.rvnt.p2p.discovery.mdns;

import java.time.Duration;

/**
 * How the mDNS responder and querier behave. The libp2p mDNS spec fixes names and record layout but no timing; the
 * defaults follow js-libp2p's {@code @libp2p/mdns} (which RVNT must interoperate with) and RFC 6762.
 *
 * @param announce whether this node answers queries and announces itself; off, it only listens and asks.
 * @param queryInterval time between two {@code _p2p._udp.local PTR} queries. Default 10 s, {@code @libp2p/mdns}'s
 *     interval.
 * @param ttl time to live of the records this node sends. Default 120 s: {@code @libp2p/mdns}'s TTL, and RFC 6762
 *     §10's for records that hold a host name.
 * @param minAnswerInterval least time between two multicast answers of one service on one interface; queries in
 *     between are answered by the answer already sent. Default 1 s, RFC 6762 §6 ("MUST NOT multicast a record on
 *     a given interface until at least one second has elapsed since the last time that record was multicast").
 * @param maxAddressesPerPeer {@code dnsaddr=} lines read from one peer's answer. Default 16.
 * @param limits the codec's limits.
 */
public record MdnsConfig(boolean announce, Duration queryInterval, Duration ttl, Duration minAnswerInterval,
    int maxAddressesPerPeer, DnsLimits limits) {

  public static final MdnsConfig DEFAULTS = new MdnsConfig(true, Duration.ofSeconds(10), Duration.ofSeconds(120),
      Duration.ofSeconds(1), 16, DnsLimits.DEFAULTS);

  public MdnsConfig {
    if (queryInterval.toMillis() < 1000) {
      throw new IllegalArgumentException("queryInterval must be at least 1 s (RFC 6762 §5.2)");
    }
    if (ttl.isNegative() || ttl.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("ttl out of range");
    }
    if (minAnswerInterval.isNegative()) {
      throw new IllegalArgumentException("minAnswerInterval must not be negative");
    }
    if (maxAddressesPerPeer < 1) {
      throw new IllegalArgumentException("maxAddressesPerPeer must be positive");
    }
  }

  public MdnsConfig withAnnounce(boolean on) {
    return new MdnsConfig(on, queryInterval, ttl, minAnswerInterval, maxAddressesPerPeer, limits);
  }
}
