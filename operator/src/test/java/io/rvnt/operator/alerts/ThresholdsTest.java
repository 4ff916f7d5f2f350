package io.rvnt.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The console's thresholds are the alert rules' (packaging/monitoring/rvnt-alerts.yml): one document, one truth. */
class ThresholdsTest {
  @Test
  void theThresholdsAreThoseOfThePrometheusRules() throws Exception {
    String rules = Files.readString(Path.of("..", "packaging", "monitoring", "rvnt-alerts.yml"));
    Thresholds t = Thresholds.DEFAULTS;
    assertThat(rules).as("error ratio and its window")
        .contains("rvnt:error_ratio:rate5m > " + t.errorRatio())
        .contains("[" + t.errorWindow().toMinutes() + "m]");
    assertThat(rules).as("disk usage").contains("rvnt_process_disk_total_bytes > " + t.diskUsedRatio());
    assertThat(rules).as("heap").contains("(rvnt_process_heap_max_bytes > 0) > " + t.heapRatio());
    assertThat(rules).as("bootstrap peers")
        .contains("clamp_max(rvnt_bootstrap_configured_peers, " + t.bootstrapPeers() + ")");
    assertThat(rules).as("canary").contains("time() < " + t.canaryDueWithin().toDays() + " * 86400");
    for (AlertKind kind : AlertKind.values()) {
      assertThat(rules).as("the rule %s exists", kind.ruleName()).contains("- alert: " + kind.ruleName() + "\n");
    }
  }
}
