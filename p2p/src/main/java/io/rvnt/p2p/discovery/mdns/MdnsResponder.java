package io.rvnt.p2p.discovery.mdns;

import java.util.List;
import java.util.Optional;

/**
 * One service this node answers for on mDNS (libp2p peer discovery, DNS-SD). Each answers in its own packet, so
 * that a reader that takes every TXT record of a packet as its own (js-libp2p does) sees only one service's.
 */
public interface MdnsResponder {

  /** The response to {@code questions} asked on {@code link}, or empty when none is for this service. */
  Optional<DnsMessage> answer(List<DnsQuestion> questions, LanLink link);

  /**
   * The unsolicited announcement of this service on {@code link} (RFC 6762 §8.3), or with {@code goodbye} the
   * same records with TTL 0 (RFC 6762 §10.1); empty when there is nothing to announce there.
   */
  Optional<DnsMessage> announce(LanLink link, boolean goodbye);
}
