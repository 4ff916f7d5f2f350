package io.rvnt.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.daemon.admin.Family;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityComponentTest {
  private final ServerMetrics metrics = new ServerMetrics(MutableClock.atFixedInstant(), List.of("bundle", "register"));
  private final IdentityComponent component = new IdentityComponent(metrics, () -> 3, 4_096,
      () -> new io.rvnt.server.pow.PowStatus(1 << 20, 1 << 16, 2, 5, 1, 0));

  @Test
  void theSnapshotHoldsEveryRouteInOrderTheOpenConnectionsAndTheRegisteredUsers() {
    metrics.route("register").record(200, 1_000_000);
    metrics.connectionOpened();
    MetricsSnapshot snapshot = component.snapshot();
    assertThat(snapshot.getEndpointsList()).extracting(EndpointStats::getEndpoint).containsExactly("bundle",
        "register");
    assertThat(snapshot.getEndpoints(1).getRequests()).isEqualTo(1);
    assertThat(snapshot.getOpenConnections()).isEqualTo(1);
    assertThat(snapshot.getGaugesMap()).containsOnly(java.util.Map.entry("registered_users", 3.0),
        java.util.Map.entry("min_free_disk_bytes", 4_096.0), java.util.Map.entry("pow_register_effort", 1048576.0),
        java.util.Map.entry("pow_write_effort", 65536.0), java.util.Map.entry("pow_queue_depth", 2.0));
  }

  @Test
  void theProofOfWorkIsReportedAsAggregatesOnly() {
    assertThat(component.snapshot().getCountersMap()).as("spec §6.6: counts since start, nothing per client")
        .containsOnly(java.util.Map.entry("pow_served", 5L), java.util.Map.entry("pow_dropped", 1L),
            java.util.Map.entry("pow_expired", 0L));
  }

  @Test
  void everyGaugeOfTheSnapshotIsDeclaredInTheSchema() {
    List<String> declared = component.schema().families().stream().map(Family::name).toList();
    assertThat(declared).as("/metrics can name and explain each gauge")
        .containsAll(component.snapshot().getGaugesMap().keySet());
    assertThat(declared).as("and each counter").containsAll(component.snapshot().getCountersMap().keySet());
  }

  @Test
  void theComponentIsNamedIdentityAndAnswersWithHttpStatuses() {
    assertThat(component.name()).isEqualTo("identity");
    assertThat(component.schema().httpStatuses()).as("errors per status class and 429s are exported").isTrue();
    assertThat(component.healthy()).as("healthy while it runs").isTrue();
  }

  @Test
  void everyFamilyOfTheIdentityServerIsDocumentedInAdminMd() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "admin.md"));
    for (Family family : component.schema().families()) {
      String name = "rvnt_identity_" + family.name() + (family.kind() == Family.Kind.COUNTER ? "_total" : "");
      assertThat(doc).as("docs/admin.md documents %s", name).contains("| `" + name);
    }
  }
}
