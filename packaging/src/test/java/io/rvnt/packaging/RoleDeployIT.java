package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ops.Outcome;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role of packaging/roles.conf deploys over SSH and answers its health check through the SSH forward (issue
 * 12, item 1: a bootstrap node could not be deployed). A real sshd on loopback and the real bundle; each role gets a
 * fresh plain-mode host, provisioned, its shipped config moved to loopback test ports as an operator would edit it.
 */
class RoleDeployIT {
  @TempDir Path dir;
  final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  final Progress progress = (name, step) -> steps.add(name + ": " + step);

  static List<RolesTable.Row> roles() {
    return RolesTable.rows();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roles")
  void deploysAndAnswersHealthAndMetricsOverSsh(RolesTable.Row row) throws Exception {
    try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "")) {
      Path root = Files.createDirectories(dir.resolve("host"));
      Host host = new Host(row.role() + "1", "127.0.0.1", sshd.port(), "root", row.inventoryRole(),
          Optional.of(sshd.hostKeyFingerprint()), ServiceMode.PLAIN, root.toString(), sshd.clientKey(),
          LoopbackPorts.free());
      HostActions actions = new HostActions(new SshConnector(SshSettings.DEFAULTS),
          new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE),
          new ActionLog(dir.resolve("operator/actions.log"), Clock.systemUTC()),
          new HealthSettings(Duration.ofSeconds(120), Duration.ofMillis(300), Duration.ofSeconds(3)),
          Clock.systemUTC());
      Bundle bundle = Bundle.of(Shipped.bundle());
      try {
        ActionResult provisioned = actions.provision(host, bundle, List.of(), progress, new Cancellation());
        assertThat(provisioned.outcome()).as(provisioned.detail()).isEqualTo(Outcome.OK);
        Path config = root.resolve(row.config().substring(1));
        assertThat(config).as(row.role() + "'s config is installed").isRegularFile();
        Files.writeString(config, onLoopbackTestPorts(Files.readString(config), row.adminPort(), host.adminPort()));

        ActionResult deployed = actions.deploy(host, bundle, progress, new Cancellation());
        assertThat(deployed.outcome()).as("%s / %s / %s", deployed.detail(), steps,
            actions.recentErrors(host, 30, Progress.NONE, new Cancellation()).detail()).isEqualTo(Outcome.OK);
        ActionResult health = actions.health(host, progress, new Cancellation());
        assertThat(health.outcome()).as(row.health() + " through the SSH forward: " + health.detail())
            .isEqualTo(Outcome.OK);
        ActionResult metrics = actions.metrics(host, progress, new Cancellation());
        assertThat(metrics.outcome()).as(metrics.detail()).isEqualTo(Outcome.OK);
        assertThat(metrics.detail()).as("aggregate metrics through the SSH forward").contains("rvnt_");
        assertThat(actions.status(host, progress, new Cancellation()).detail())
            .startsWith("active (pid ").endsWith("version " + bundle.version());
      } finally {
        actions.stop(host, Progress.NONE, new Cancellation());
      }
    }
  }

  /**
   * A shipped config as an operator of a test machine would edit it: listeners on 127.0.0.1, the admin listener on
   * {@code adminPort}, every other port a free one. Ports are what follows ':' or /tcp/, /udp/ in a multiaddr.
   */
  static String onLoopbackTestPorts(String config, int shippedAdminPort, int adminPort) {
    Map<String, String> ports = new HashMap<>();
    ports.put(Integer.toString(shippedAdminPort), Integer.toString(adminPort));
    Matcher m = Pattern.compile("(:|/tcp/|/udp/)(\\d{2,5})\\b").matcher(config.replace("0.0.0.0", "127.0.0.1"));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String port = ports.computeIfAbsent(m.group(2), p -> Integer.toString(LoopbackPorts.free()));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + port));
    }
    m.appendTail(out);
    return out.toString();
  }
}
