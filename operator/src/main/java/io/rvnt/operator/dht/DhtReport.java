package io.rvnt.operator.dht;

import java.util.ArrayList;
import java.util.List;

/** One probe of the bootstrap nodes: each node's health and whether random lookups converged. */
public record DhtReport(List<NodeHealth> nodes, boolean lookupsConverge) {
  public DhtReport {
    nodes = List.copyOf(nodes);
  }

  /** What the operator must look at: an unreachable node, nodes that do not know each other, failed lookups. */
  public List<String> alerts() {
    List<String> alerts = new ArrayList<>();
    for (NodeHealth node : nodes) {
      if (!node.tcpReachable()) {
        alerts.add(node.peerId() + " is not reachable over TCP");
      }
      if (!node.quicReachable()) {
        alerts.add(node.peerId() + " is not reachable over QUIC");
      }
      for (NodeHealth other : nodes) {
        if (other != node && !node.knownPeers().contains(other.peerId())) {
          alerts.add(node.peerId() + " does not know " + other.peerId());
        }
      }
    }
    if (!nodes.isEmpty() && !lookupsConverge) {
      alerts.add("random lookups did not converge");
    }
    return alerts;
  }
}
