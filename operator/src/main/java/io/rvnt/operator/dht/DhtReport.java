package io.rvnt.operator.dht;

import java.util.ArrayList;
import java.util.List;

/** One probe of the bootstrap nodes. */
public record DhtReport(List<NodeHealth> nodes) {
  public DhtReport {
    nodes = List.copyOf(nodes);
  }

  /** What the operator must look at: an unreachable node, one that does not know the others, failed lookups. */
  public List<String> alerts() {
    List<String> alerts = new ArrayList<>();
    for (NodeHealth node : nodes) {
      if (!node.tcpReachable()) {
        alerts.add(node.peerId() + " is not reachable over TCP");
      }
      if (!node.quicReachable()) {
        alerts.add(node.peerId() + " is not reachable over QUIC");
      }
      if (!node.knowsOthers()) {
        alerts.add(node.peerId() + " does not know every other bootstrap node");
      }
      if (!node.lookupsConverge()) {
        alerts.add("random lookups from " + node.peerId() + " did not converge");
      }
    }
    return alerts;
  }
}
