package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
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
import io.rvnt.testsupport.Sshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's walk-through against a real sshd on loopback: provision a plain-mode host rooted in a temp folder,
 * deploy the real bundle's identity server and see it healthy through the SSH port forward, upgrade it, deploy a
 * broken build and watch the rollback, refuse a tampered bundle, stop it. One host, in order: each step starts from
 * the state the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployOverSshIT {
  static final String V2 = "0.1.1-test";
  static final String BROKEN = "0.1.2-broken";

  @TempDir static Path dir;
  static Sshd sshd;
  static Host host;
  static HostActions actions;
  static ActionLog log;
  static Bundle v1;
  static final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  static final Progress progress = (name, step) -> steps.add(name + ": " + step);

  @BeforeAll
  static void startHost() throws Exception {
    sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "");
    Path root = Files.createDirectories(dir.resolve("host"));
    host = new Host("id1", "127.0.0.1", sshd.port(), "root", Role.IDENTITY_ACTIVE,
        Optional.of(sshd.hostKeyFingerprint()), ServiceMode.PLAIN, root.toString(), sshd.clientKey(),
        Nginx.freePort());
    log = new ActionLog(dir.resolve("operator/actions.log"), Clock.systemUTC());
    actions = new HostActions(new SshConnector(SshSettings.DEFAULTS),
        new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE), log,
        new HealthSettings(Duration.ofSeconds(90), Duration.ofMillis(300), Duration.ofSeconds(3)),
        Clock.systemUTC());
    v1 = Bundle.of(Shipped.bundle());
  }

  @AfterAll
  static void stopHost() throws Exception {
    if (actions != null) {
      actions.stop(host, Progress.NONE, new Cancellation());
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  @Order(1)
  void provisionLaysOutTheHostAndIsIdempotent() throws Exception {
    ActionResult first = actions.provision(host, v1, List.of(), progress, new Cancellation());
    assertThat(first.outcome()).as(first.detail()).isEqualTo(Outcome.OK);
    Path root = Path.of(host.root());
    for (String file : List.of("etc/systemd/system/rvnt-identity.service", "etc/systemd/journald.conf.d/rvnt.conf",
        "etc/nginx/sites-available/rvnt-identity", "etc/sysctl.d/99-rvnt.conf", "etc/fail2ban/jail.d/rvnt-sshd.local",
        "etc/apt/apt.conf.d/52rvnt-unattended-upgrades", "etc/tor/torrc.d/rvnt-onion.conf",
        "opt/rvnt/bin/rvnt-service", "opt/rvnt/bin/rvnt-ufw.sh", "etc/rvnt/identity.conf")) {
      assertThat(root.resolve(file)).as("provision installs " + file).isRegularFile();
    }
    assertThat(Files.getPosixFilePermissions(root.resolve("var/lib/rvnt")))
        .as("the data folder is private to the service").hasSize(3);

    ActionResult second = actions.provision(host, v1, List.of(), progress, new Cancellation());
    assertThat(second.outcome()).isEqualTo(Outcome.OK);
    assertThat(second.detail()).as("a second provision changes nothing").isEqualTo("already provisioned, nothing changed");
    assertThat(steps).as("the same bundle is not uploaded twice").contains("id1: rvnt-"
        + v1.version() + ".tar.gz already uploaded, SHA-256 matches");

    // Test ports instead of 8080/8081/9090; provision keeps an existing identity.conf, as on a real host.
    Files.writeString(root.resolve("etc/rvnt/identity.conf"), String.join("\n",
        "listen = 127.0.0.1:" + Nginx.freePort(),
        "admin-listen = 127.0.0.1:" + host.adminPort(),
        "data-dir = " + root.resolve("var/lib/rvnt/identity"),
        ""));
  }

  @Test
  @Order(2)
  void deploysAndIsHealthyThroughThePortForward() {
    ActionResult deployed = actions.deploy(host, v1, progress, new Cancellation());
    assertThat(deployed.outcome()).as(deployed.detail() + " / " + steps).isEqualTo(Outcome.OK);
    assertThat(Path.of(host.root(), "opt/rvnt/releases", v1.version(), "rvnt.jar")).isRegularFile();

    ActionResult status = actions.status(host, progress, new Cancellation());
    assertThat(status.detail()).as("running the deployed version").startsWith("active (pid ")
        .endsWith("version " + v1.version());
    ActionResult health = actions.health(host, progress, new Cancellation());
    assertThat(health.outcome()).as(health.detail()).isEqualTo(Outcome.OK);
    ActionResult metrics = actions.metrics(host, progress, new Cancellation());
    assertThat(metrics.outcome()).as(metrics.detail()).isEqualTo(Outcome.OK);
    assertThat(metrics.detail()).as("aggregate metrics through the SSH forward").contains("rvnt_");
  }

  @Test
  @Order(3)
  void upgradesToANewVersion() throws Exception {
    Bundle v2 = Bundle.of(Bundles.variant(dir.resolve("work"), V2, null, true));
    ActionResult upgraded = actions.deploy(host, v2, progress, new Cancellation());
    assertThat(upgraded.outcome()).as(upgraded.detail()).isEqualTo(Outcome.OK);
    assertThat(upgraded.detail()).contains("previous: " + v1.version());
    assertThat(actions.status(host, progress, new Cancellation()).version()).isEqualTo(V2);
    assertThat(Path.of(host.root(), "opt/rvnt/releases", v1.version())).as("the old version stays for rollback")
        .isDirectory();
  }

  @Test
  @Order(4)
  void rollsBackABrokenBuild() throws Exception {
    byte[] notAJar = "this is not a jar".getBytes(StandardCharsets.US_ASCII);
    Bundle broken = Bundle.of(Bundles.variant(dir.resolve("work"), BROKEN, notAJar, true));
    ActionResult result = actions.deploy(host, broken, progress, new Cancellation());
    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail()).contains("rolled back to " + V2);
    ActionResult status = actions.status(host, progress, new Cancellation());
    assertThat(status.detail()).as("the previous version runs again").startsWith("active (pid ");
    assertThat(status.version()).isEqualTo(V2);
    assertThat(actions.health(host, progress, new Cancellation()).outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  @Order(5)
  void refusesABundleWhoseContentsDoNotMatchItsSums() throws Exception {
    byte[] tampered = "tampered after signing the sums".getBytes(StandardCharsets.US_ASCII);
    Bundle bad = Bundle.of(Bundles.variant(dir.resolve("work"), "0.1.3-tampered", tampered, false));
    ActionResult result = actions.deploy(host, bad, progress, new Cancellation());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).contains("SHA256SUMS do not match");
    assertThat(Path.of(host.root(), "opt/rvnt/releases/0.1.3-tampered")).as("nothing installed").doesNotExist();
    assertThat(actions.status(host, progress, new Cancellation()).version()).as("nothing switched").isEqualTo(V2);
  }

  @Test
  @Order(6)
  void givesUpOnAServiceThatDoesNotAnswerWithinTheHealthDeadline() throws Exception {
    // The same host seen through a port where nothing listens: the service runs, but /health never answers.
    Host deaf = new Host(host.name(), host.address(), host.port(), host.user(), host.role(), host.hostKey(),
        host.mode(), host.root(), host.identityFile(), Nginx.freePort());
    HostActions impatient = new HostActions(new SshConnector(SshSettings.DEFAULTS),
        new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE), log,
        new HealthSettings(Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(1)), Clock.systemUTC());
    Bundle v2 = Bundle.of(dir.resolve("work/rvnt-" + V2 + ".tar.gz"));
    ActionResult result = impatient.deploy(deaf, v2, progress, new Cancellation());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).as("the deadline is the configured one")
        .contains("admin listener not reachable within 3 s")
        .contains("no other version to roll back to; stopped");
    assertThat(actions.status(host, progress, new Cancellation()).detail()).startsWith("inactive");

    ActionResult restored = actions.deploy(host, v2, progress, new Cancellation());
    assertThat(restored.outcome()).as(restored.detail()).isEqualTo(Outcome.OK);
  }

  @Test
  @Order(7)
  void stopsAndRecordsEveryChange() throws Exception {
    ActionResult errors = actions.recentErrors(host, 20, progress, new Cancellation());
    assertThat(errors.outcome()).as(errors.detail()).isEqualTo(Outcome.OK);

    ActionResult stopped = actions.stop(host, progress, new Cancellation());
    assertThat(stopped.outcome()).as(stopped.detail()).isEqualTo(Outcome.OK);
    assertThat(actions.status(host, progress, new Cancellation()).detail()).startsWith("inactive");

    List<String> lines = Files.readAllLines(log.file());
    assertThat(lines).as("the action log records each change with host, version and outcome")
        .anySatisfy(l -> assertThat(l).endsWith("\tprovision\tid1\t" + v1.version() + "\tok"))
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\tid1\t" + V2 + "\tok"))
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\tid1\t" + BROKEN + "\trolled_back"))
        .anySatisfy(l -> assertThat(l).endsWith("\tstop\tid1\t-\tok"));
    assertThat(String.join("\n", lines)).as("no address in the operator's log").doesNotContain("127.0.0.1");
    assertThat(Files.getPosixFilePermissions(log.file())).as("the log is private to the operator").hasSize(2);
  }
}
