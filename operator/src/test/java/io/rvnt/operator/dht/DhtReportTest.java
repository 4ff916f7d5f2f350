package io.rvnt.operator.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DhtReportTest {
  static NodeHealth node(String id, boolean tcp, boolean quic, Set<String> knows) {
    return new NodeHealth(id, List.of("/ip4/127.0.0.1/tcp/1/p2p/" + id), tcp, quic, OptionalDouble.of(1.5), 2, 2,
        List.of(0, 1, 1), knows);
  }

  @Test
  void healthyNodesThatKnowEachOtherRaiseNoAlert() {
    DhtReport report = new DhtReport(List.of(node("a", true, true, Set.of("b")), node("b", true, true, Set.of("a"))),
        true);
    assertThat(report.alerts()).as("all reachable, all known, lookups converge").isEmpty();
  }

  @Test
  void alertsOnUnreachableUnknownAndNonConverging() {
    DhtReport report = new DhtReport(List.of(node("a", false, true, Set.of()), node("b", true, false, Set.of("a"))),
        false);
    assertThat(report.alerts()).as("each failure is its own alert").containsExactly(
        "a is not reachable over TCP", "a does not know b", "b is not reachable over QUIC",
        "random lookups did not converge");
  }
}
