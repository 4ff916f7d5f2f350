package io.rvnt.operator.dht;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a probe found out about one bootstrap node, seen from outside as a client would. Peer ids here are the
 * bootstrap nodes' own, which operators publish; never a user's.
 *
 * @param latencyMs the best median ping over its addresses, if any answered
 * @param routingTableSizeSeen distinct peers it returned to random queries: a lower bound of its routing table
 * @param knowsOthers it returns every other probed bootstrap node when asked
 * @param lookupsConverge random lookups starting at it end with peers
 */
public record NodeHealth(String peerId, List<String> addresses, boolean tcpReachable, boolean quicReachable,
    OptionalDouble latencyMs, int routingTableSizeSeen, boolean knowsOthers, boolean lookupsConverge) {

  public NodeHealth {
    addresses = List.copyOf(addresses);
  }
}
