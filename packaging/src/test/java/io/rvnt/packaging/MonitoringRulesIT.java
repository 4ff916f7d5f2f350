package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files (packaging/monitoring) pass Debian's own tools: promtool checks the rules and runs their unit
 * tests, and every alert has a test; amtool checks the Alertmanager configuration; promtool checks both scrape
 * configurations.
 */
class MonitoringRulesIT {
  @TempDir Path dir;

  @Test
  void theRulesAreValidAndEveryAlertHasAUnitTestThatPasses() throws Exception {
    Shipped.Run check = Shipped.run(List.of("promtool", "check", "rules",
        Shipped.file("monitoring/rvnt-alerts.yml").toString()));
    assertThat(check.exit()).as("promtool check rules: " + check.output()).isZero();
    Shipped.Run test = Shipped.run(List.of("promtool", "test", "rules",
        Shipped.file("monitoring/tests/rvnt-alerts-test.yml").toString()));
    assertThat(test.exit()).as("promtool test rules: " + test.output()).isZero();

    String rules = Files.readString(Shipped.file("monitoring/rvnt-alerts.yml"));
    String tests = Files.readString(Shipped.file("monitoring/tests/rvnt-alerts-test.yml"));
    List<String> alerts = Pattern.compile("- alert: (\\w+)").matcher(rules).results().map(m -> m.group(1)).toList();
    assertThat(alerts).as("the rules the issue asks for").contains("RvntErrorRateHigh", "RvntInstanceDown",
        "RvntDiskUsageHigh", "RvntIdentityDiskRefusalWithinADay", "RvntMemoryNearLimit",
        "RvntDhtBootstrapPeersMissing", "RvntCanaryDueSoon", "RvntCanaryOverdue", "RvntIdentityClusterNoLeader",
        "RvntIdentityClusterMemberLagging");
    for (String alert : alerts) {
      assertThat(tests).as("a unit test expects %s to fire", alert)
          .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels:");
    }
  }

  @Test
  void alertmanagersConfigurationIsValidAndReadsThePagerDutyKeyFromAFile() throws Exception {
    Path config = Shipped.file("monitoring/alertmanager.yml");
    Shipped.Run check = Shipped.run(List.of("amtool", "check-config", config.toString()));
    assertThat(check.exit()).as("amtool check-config: " + check.output()).isZero();
    assertThat(Files.readString(config)).as("the routing key is in a file, never in the configuration")
        .contains("routing_key_file: /etc/prometheus/rvnt/pagerduty-routing-key")
        .doesNotContainPattern("(?m)^\\s*routing_key:")
        .doesNotContainPattern("(?m)^\\s*service_key:");
  }

  @Test
  void bothScrapeConfigurationsAreValid() throws Exception {
    Path rules = dir.resolve("rvnt-alerts.yml");
    Files.copy(Shipped.file("monitoring/rvnt-alerts.yml"), rules);
    for (String name : List.of("prometheus.yml", "prometheus-central.yml")) {
      // The configurations name the installed rule file; promtool wants it to exist.
      Path config = dir.resolve(name);
      Files.writeString(config, Files.readString(Shipped.file("monitoring/" + name))
          .replace("/etc/prometheus/rvnt/rvnt-alerts.yml", rules.toString())
          .replace("/etc/prometheus/rvnt/targets/", Shipped.file("monitoring/targets") + "/"));
      Shipped.Run check = Shipped.run(List.of("promtool", "check", "config", config.toString()));
      assertThat(check.exit()).as("promtool check config " + name + ": " + check.output()).isZero();
    }
  }

  @Test
  void eachRolesScrapeTargetIsTheAdminAddressItsShippedServiceListensOn() throws Exception {
    String prometheus = Files.readString(Shipped.file("monitoring/prometheus.yml"));
    for (RolesTable.Row row : RolesTable.rows()) {
      assertThat(prometheus).as("the %s job reads the role's target file", row.role())
          .contains("job_name: rvnt-" + row.role() + "\n    file_sd_configs:\n      - files: "
              + "['/etc/prometheus/rvnt/targets/" + row.role() + ".yml']");
      // The identity server's file names its admin listener admin-listen; the libp2p servers' files, admin.
      String admin = Pattern.compile("(?m)^admin(?:-listen)? = (\\S+)$")
          .matcher(Files.readString(Shipped.file("config/" + Path.of(row.config()).getFileName())))
          .results().findFirst().orElseThrow(() -> new AssertionError("no admin address in " + row.config()))
          .group(1);
      assertThat(target(row.role())).as("%s's scrape target is its shipped config's admin address", row.role())
          .isEqualTo(admin).isEqualTo(row.admin());
    }
  }

  /** The one target of a role's target file. */
  private static String target(String role) throws Exception {
    return Pattern.compile("(?m)^- targets: \\['([^']+)'\\]$")
        .matcher(Files.readString(Shipped.file("monitoring/targets/" + role + ".yml"))).results().findFirst()
        .orElseThrow(() -> new AssertionError("no target for " + role)).group(1);
  }
}
