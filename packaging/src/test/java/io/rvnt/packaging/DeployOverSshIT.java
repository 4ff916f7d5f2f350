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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's walk-through against a real sshd on loopback: provision a plain-mode host rooted in a temp folder,
 * deploy the real bundle's identity server and see it healthy through the SSH port forward, upgrade it, deploy a
 * broken build and watch the rollback, refuse a tampered bundle, stop it. Each test has its own sshd and host and
 * starts from nothing; the walk-through is one test whose assertions name its steps.
 */
class DeployOverSshIT {
  static final String V2 = "0.1.1-test";
  static final String BROKEN = "0.1.2-broken";
  /** How long a freshly started service may take to answer /health on a busy machine: a deadline, not a duration. */
  static final HealthSettings HEALTH =
      new HealthSettings(Duration.ofSeconds(120), Duration.ofMillis(300), Duration.ofSeconds(10));

  @TempDir Path dir;
  private Sshd sshd;
  private Host host;
  private ActionLog log;
  private HostActions actions;
  private Bundle v1;
  private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  private final Progress progress = (name, step) -> steps.add(name + ": " + step);

  @BeforeEach
  void startHost() throws Exception {
    sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "");
    Path root = Files.createDirectories(dir.resolve("host"));
    host = new Host("id1", "127.0.0.1", sshd.port(), "root", Role.IDENTITY_ACTIVE,
        Optional.of(sshd.hostKeyFingerprint()), ServiceMode.PLAIN, root.toString(), sshd.clientKey(),
        Nginx.freePort());
    log = new ActionLog(dir.resolve("operator/actions.log"), Clock.systemUTC());
    actions = actions(HEALTH);
    v1 = Bundle.of(Shipped.bundle());
  }

  @AfterEach
  void stopHost() throws Exception {
    if (actions != null) {
      // Ends a service this test left running; on a host where nothing runs it fails harmlessly.
      actions.stop(host, Progress.NONE, new Cancellation());
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
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
    assertThat(Files.readAllLines(log.file())).as("the action log records the provision")
        .anySatisfy(l -> assertThat(l).endsWith("\tprovision\tid1\t" + v1.version() + "\tok"));
  }

  @Test
  void deploysUpgradesRollsBackABrokenBuildRefusesATamperedOneAndStopsRecordingEachChange() throws Exception {
    provision();

    ActionResult deployed = actions.deploy(host, v1, progress, new Cancellation());
    assertThat(deployed.outcome()).as("deploy: %s / %s", deployed.detail(), steps).isEqualTo(Outcome.OK);
    assertThat(Path.of(host.root(), "opt/rvnt/releases", v1.version(), "rvnt.jar")).as("deploy: release installed")
        .isRegularFile();
    ActionResult status = actions.status(host, progress, new Cancellation());
    assertThat(status.detail()).as("deploy: running the deployed version").startsWith("active (pid ")
        .endsWith("version " + v1.version());
    ActionResult health = actions.health(host, progress, new Cancellation());
    assertThat(health.outcome()).as("deploy: healthy through the forward: %s", health.detail())
        .isEqualTo(Outcome.OK);
    ActionResult metrics = actions.metrics(host, progress, new Cancellation());
    assertThat(metrics.outcome()).as("deploy: metrics: %s", metrics.detail()).isEqualTo(Outcome.OK);
    assertThat(metrics.detail()).as("deploy: aggregate metrics through the SSH forward").contains("rvnt_");

    Bundle v2 = Bundle.of(Bundles.variant(dir.resolve("work"), V2, null, true));
    ActionResult upgraded = actions.deploy(host, v2, progress, new Cancellation());
    assertThat(upgraded.outcome()).as("upgrade: %s", upgraded.detail()).isEqualTo(Outcome.OK);
    assertThat(upgraded.detail()).as("upgrade: names the previous version").contains("previous: " + v1.version());
    assertThat(actions.status(host, progress, new Cancellation()).version()).as("upgrade: running").isEqualTo(V2);
    assertThat(Path.of(host.root(), "opt/rvnt/releases", v1.version()))
        .as("upgrade: the old version stays for rollback").isDirectory();

    byte[] notAJar = "this is not a jar".getBytes(StandardCharsets.US_ASCII);
    Bundle broken = Bundle.of(Bundles.variant(dir.resolve("work"), BROKEN, notAJar, true));
    ActionResult rolledBack = actions.deploy(host, broken, progress, new Cancellation());
    assertThat(rolledBack.outcome()).as("broken build: %s", rolledBack.detail()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(rolledBack.detail()).as("broken build: names the version it went back to")
        .contains("rolled back to " + V2);
    status = actions.status(host, progress, new Cancellation());
    assertThat(status.detail()).as("broken build: the previous version runs again").startsWith("active (pid ");
    assertThat(status.version()).as("broken build: the previous version").isEqualTo(V2);
    assertThat(actions.health(host, progress, new Cancellation()).outcome()).as("broken build: healthy again")
        .isEqualTo(Outcome.OK);

    byte[] tampered = "tampered after signing the sums".getBytes(StandardCharsets.US_ASCII);
    Bundle bad = Bundle.of(Bundles.variant(dir.resolve("work"), "0.1.3-tampered", tampered, false));
    ActionResult refused = actions.deploy(host, bad, progress, new Cancellation());
    assertThat(refused.outcome()).as("tampered bundle: %s", refused.detail()).isEqualTo(Outcome.FAILED);
    assertThat(refused.detail()).as("tampered bundle: refused for its sums").contains("SHA256SUMS do not match");
    assertThat(Path.of(host.root(), "opt/rvnt/releases/0.1.3-tampered")).as("tampered bundle: nothing installed")
        .doesNotExist();
    assertThat(actions.status(host, progress, new Cancellation()).version()).as("tampered bundle: nothing switched")
        .isEqualTo(V2);

    ActionResult errors = actions.recentErrors(host, 20, progress, new Cancellation());
    assertThat(errors.outcome()).as("recent errors: %s", errors.detail()).isEqualTo(Outcome.OK);
    ActionResult stopped = actions.stop(host, progress, new Cancellation());
    assertThat(stopped.outcome()).as("stop: %s", stopped.detail()).isEqualTo(Outcome.OK);
    assertThat(actions.status(host, progress, new Cancellation()).detail()).as("stop: nothing runs")
        .startsWith("inactive");

    List<String> lines = Files.readAllLines(log.file());
    assertThat(lines).as("action log: each change with host, version and outcome")
        .anySatisfy(l -> assertThat(l).endsWith("\tprovision\tid1\t" + v1.version() + "\tok"))
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\tid1\t" + v1.version() + "\tok"))
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\tid1\t" + V2 + "\tok"))
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\tid1\t" + BROKEN + "\trolled_back"))
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\tid1\t0.1.3-tampered\tfailed"))
        .anySatisfy(l -> assertThat(l).endsWith("\tstop\tid1\t-\tok"));
    assertThat(String.join("\n", lines)).as("action log: no address in it").doesNotContain("127.0.0.1");
    assertThat(Files.getPosixFilePermissions(log.file())).as("action log: private to the operator").hasSize(2);
  }

  @Test
  void givesUpOnAServiceThatDoesNotAnswerWithinTheHealthDeadline() throws Exception {
    provision();
    // The host seen through a port where nothing listens: the service runs, but /health never answers.
    Host deaf = new Host(host.name(), host.address(), host.port(), host.user(), host.role(), host.hostKey(),
        host.mode(), host.root(), host.identityFile(), Nginx.freePort());
    HostActions impatient = actions(new HealthSettings(Duration.ofSeconds(3), Duration.ofMillis(300),
        Duration.ofSeconds(1)));

    ActionResult result = impatient.deploy(deaf, v1, progress, new Cancellation());

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).as("the deadline is the configured one, and a first deploy has nothing to go back to")
        .contains("admin listener not reachable within 3 s")
        .contains("no other version to roll back to; stopped");
    assertThat(actions.status(host, progress, new Cancellation()).detail()).as("the unhealthy service was stopped")
        .startsWith("inactive");
  }

  private HostActions actions(HealthSettings health) {
    return new HostActions(new SshConnector(SshSettings.DEFAULTS),
        new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE), log, health,
        Clock.systemUTC());
  }

  /** Provisions the host, then points its identity server at free test ports, as an operator edits the config. */
  private void provision() throws Exception {
    ActionResult provisioned = actions.provision(host, v1, List.of(), progress, new Cancellation());
    assertThat(provisioned.outcome()).as("provision: %s", provisioned.detail()).isEqualTo(Outcome.OK);
    // Test ports instead of 8080/8081/9090; provision keeps an existing identity.conf, as on a real host.
    Path root = Path.of(host.root());
    Files.writeString(root.resolve("etc/rvnt/identity.conf"), String.join("\n",
        "listen = 127.0.0.1:" + Nginx.freePort(),
        "admin-listen = 127.0.0.1:" + host.adminPort(),
        "data-dir = " + root.resolve("var/lib/rvnt/identity"),
        ""));
  }
}
