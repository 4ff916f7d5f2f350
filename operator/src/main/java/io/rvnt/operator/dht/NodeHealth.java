package io.rvnt.operator.dht;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a probe found out about one bootstrap node. Peer ids here are the bootstrap nodes' own, which operators
 * publish; never a user's.
 *
 * @param bucketOccupancy entries per k-bucket, bucket 0 first
 * @param knownPeers the peer ids in its routing table, to check the bootstrap nodes know each other
 */
public record NodeHealth(String peerId, List<String> addresses, boolean tcpReachable, boolean quicReachable,
    OptionalDouble latencyMs, int connectedPeers, int routingTableSize, List<Integer> bucketOccupancy,
    Set<String> knownPeers) {

  public NodeHealth {
    addresses = List.copyOf(addresses);
    bucketOccupancy = List.copyOf(bucketOccupancy);
    knownPeers = Set.copyOf(knownPeers);
  }
}
