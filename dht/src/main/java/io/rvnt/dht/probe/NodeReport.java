package io.rvnt.dht.probe;

import java.util.List;

/**
 * What the probe found about one bootstrap node.
 *
 * @param peerId the node's PeerId (base58), from its addresses
 * @param transports one check per address given
 * @param speaksDht identify lists the DHT protocol
 * @param agentVersion what identify says the node runs, empty if identify failed
 * @param routingTableSizeSeen distinct peers the node returned over the random FIND_NODE queries: a lower bound
 *     of its routing table's size
 * @param lookupsConverge iterative lookups for random keys that start at this node alone end with peers
 * @param knowsOtherBootstraps the node returns every other probed bootstrap node when asked for it
 */
public record NodeReport(String peerId, List<TransportCheck> transports, boolean speaksDht, String agentVersion,
    int routingTableSizeSeen, boolean lookupsConverge, boolean knowsOtherBootstraps, Verdict verdict) {

  public NodeReport {
    transports = List.copyOf(transports);
  }
}
