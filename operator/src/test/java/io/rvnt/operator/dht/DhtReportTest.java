package io.rvnt.operator.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DhtReportTest {
  static NodeHealth node(String id, boolean tcp, boolean quic, boolean knows, boolean converge) {
    return new NodeHealth(id, List.of("/ip4/127.0.0.1/tcp/1/p2p/" + id), tcp, quic, OptionalDouble.of(1.5), 2,
        knows, converge);
  }

  @Test
  void healthyNodesThatKnowEachOtherRaiseNoAlert() {
    DhtReport report = new DhtReport(List.of(node("a", true, true, true, true), node("b", true, true, true, true)));
    assertThat(report.alerts()).as("all reachable, all known, lookups converge").isEmpty();
  }

  @Test
  void alertsOnUnreachableUnknownAndNonConverging() {
    DhtReport report = new DhtReport(List.of(node("a", false, true, false, true), node("b", true, false, true, false)));
    assertThat(report.alerts()).as("each failure is its own alert").containsExactly(
        "a is not reachable over TCP", "a does not know every other bootstrap node", "b is not reachable over QUIC",
        "random lookups from b did not converge");
  }
}
