package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh's monitoring step, from the built bundle in plain mode under a temp root: it installs the rules and
 * points Prometheus and Alertmanager at them where they are installed, keeps what an operator set by hand, and
 * leaves a host without Prometheus alone.
 */
class InstallMonitoringIT {
  @TempDir Path dir;
  Path bundle;
  Path root;

  @BeforeEach
  void unpack() throws Exception {
    bundle = Shipped.unpackBundle(dir);
    root = Files.createDirectories(dir.resolve("root"));
  }

  private Shipped.Run provision() throws Exception {
    Shipped.Run run = Shipped.run(List.of(bundle.resolve("install.sh").toString(), "provision", "--role",
        "identity", "--root", root.toString(), "--mode", "plain"));
    assertThat(run.exit()).as(run.output()).isZero();
    return run;
  }

  /** Debian's packages as they leave them: the binaries, and defaults files with empty ARGS. */
  private void debianPackages(String... binaries) throws Exception {
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("etc/default"));
    for (String binary : binaries) {
      Path file = root.resolve("usr/bin/" + binary);
      Files.writeString(file, "#!/bin/sh\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(root.resolve("etc/default/" + binary), "# Set the command-line arguments\nARGS=\"\"\n");
    }
  }

  @Test
  void installsTheRulesAndPointsPrometheusAndAlertmanagerAtThem() throws Exception {
    debianPackages("prometheus", "prometheus-alertmanager");
    Shipped.Run first = provision();
    Path rvnt = root.resolve("etc/prometheus/rvnt");
    for (String file : List.of("rvnt-alerts.yml", "prometheus.yml", "alertmanager.yml")) {
      assertThat(rvnt.resolve(file)).as(file).hasSameTextualContentAs(bundle.resolve("monitoring/" + file));
    }
    assertThat(rvnt.resolve("targets/identity.yml")).as("the identity host's own scrape target")
        .hasSameTextualContentAs(bundle.resolve("monitoring/targets/identity.yml"));
    assertThat(rvnt.resolve("targets/bootstrap.yml")).as("no target for a server the host does not run, which "
        + "would only ever be down").doesNotExist();
    assertThat(Files.readString(root.resolve("etc/default/prometheus"))).as("Prometheus on loopback, off 9090")
        .contains("ARGS=\"--config.file=/etc/prometheus/rvnt/prometheus.yml "
            + "--web.listen-address=127.0.0.1:9095\"\n")
        .contains("# Set the command-line arguments");
    assertThat(Files.readString(root.resolve("etc/default/prometheus-alertmanager")))
        .contains("ARGS=\"--config.file=/etc/prometheus/rvnt/alertmanager.yml --web.listen-address=127.0.0.1:9093 "
            + "--cluster.listen-address=\"\n");
    Path key = rvnt.resolve("pagerduty-routing-key");
    assertThat(key).as("an empty key file for the operator to fill").isEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r-----");
    assertThat(first.output()).contains("created /etc/prometheus/rvnt/pagerduty-routing-key",
        "set ARGS in /etc/default/prometheus");

    Files.writeString(key, "the-operators-key\n");
    Shipped.Run again = provision();
    assertThat(again.output()).as("idempotent").contains("unchanged /etc/prometheus/rvnt/rvnt-alerts.yml",
        "unchanged /etc/default/prometheus", "unchanged /etc/default/prometheus-alertmanager");
    assertThat(key).as("the operator's key is never overwritten").hasContent("the-operators-key\n");
  }

  @Test
  void keepsArgumentsTheOperatorSetByHand() throws Exception {
    debianPackages("prometheus");
    Files.writeString(root.resolve("etc/default/prometheus"), "ARGS=\"--web.listen-address=127.0.0.1:9999\"\n");
    assertThat(provision().output()).contains("kept /etc/default/prometheus (ARGS set by hand");
    assertThat(root.resolve("etc/default/prometheus")).hasContent("ARGS=\"--web.listen-address=127.0.0.1:9999\"");
    assertThat(root.resolve("etc/prometheus/rvnt/alertmanager.yml")).as("no alertmanager installed").doesNotExist();
  }

  @Test
  void leavesAHostWithoutPrometheusAlone() throws Exception {
    assertThat(provision().output()).contains("monitoring skipped (prometheus is not installed)");
    assertThat(root.resolve("etc/prometheus")).doesNotExist();
  }
}
