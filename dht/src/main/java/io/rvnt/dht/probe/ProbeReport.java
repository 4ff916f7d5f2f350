package io.rvnt.dht.probe;

import java.util.List;

/** The probe's result for a set of bootstrap nodes: one verdict per node and one for the set. */
public record ProbeReport(Verdict verdict, List<NodeReport> nodes) {

  public ProbeReport {
    nodes = List.copyOf(nodes);
  }

  /** HEALTHY if every node is, DOWN if every node is, DEGRADED otherwise. */
  static Verdict overall(List<NodeReport> nodes) {
    if (!nodes.isEmpty() && nodes.stream().allMatch(n -> n.verdict() == Verdict.HEALTHY)) {
      return Verdict.HEALTHY;
    }
    if (nodes.stream().allMatch(n -> n.verdict() == Verdict.DOWN)) {
      return Verdict.DOWN;
    }
    return Verdict.DEGRADED;
  }
}
