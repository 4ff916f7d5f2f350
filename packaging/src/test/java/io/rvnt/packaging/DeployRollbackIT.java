package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rvnt remote deploy} when the restart onto the new release itself fails (here: a release without its jar,
 * which rvnt-service refuses to start, as systemctl fails a unit that cannot start): the deploy rolls back exactly
 * as when the health check fails. A real sshd on loopback; each test provisions its own plain-mode host.
 */
class DeployRollbackIT {
  static final String NO_JAR = "0.1.9-nojar";

  @TempDir static Path dir;
  static Sshd sshd;
  static ActionLog log;
  static HostActions actions;
  static Bundle shipped;
  static Bundle noJar;
  final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  final Progress progress = (name, step) -> steps.add(name + ": " + step);
  Host host;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "");
    log = new ActionLog(dir.resolve("operator/actions.log"), Clock.systemUTC());
    actions = new HostActions(new SshConnector(SshSettings.DEFAULTS),
        new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE), log,
        new HealthSettings(Duration.ofSeconds(90), Duration.ofMillis(300), Duration.ofSeconds(3)),
        Clock.systemUTC());
    shipped = Bundle.of(Shipped.bundle());
    noJar = Bundle.of(Bundles.withoutJar(dir.resolve("work"), NO_JAR));
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  @AfterEach
  void stopService() {
    if (host != null) {
      actions.stop(host, Progress.NONE, new Cancellation());
    }
  }

  /** A fresh plain-mode host, provisioned from the shipped bundle, with nothing deployed yet. */
  private Host provisioned(String name) throws Exception {
    host = PlainHosts.identity(name, sshd, dir.resolve(name));
    ActionResult provisioned = actions.provision(host, shipped, List.of(), progress, new Cancellation());
    assertThat(provisioned.outcome()).as(provisioned.detail()).isEqualTo(Outcome.OK);
    PlainHosts.useTestPorts(host);
    return host;
  }

  @Test
  void aReleaseWhoseRestartFailsIsRolledBackToThePreviousOneWhichRunsAgain() throws Exception {
    Host host = provisioned("rb1");
    ActionResult first = actions.deploy(host, shipped, progress, new Cancellation());
    assertThat(first.outcome()).as(first.detail() + " / " + steps).isEqualTo(Outcome.OK);

    ActionResult result = actions.deploy(host, noJar, progress, new Cancellation());

    assertThat(result.outcome()).as("a failed restart rolls back, as a failed health check does: %s / %s",
        result.detail(), steps).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.detail()).as("the reason names the failed release and why its restart failed")
        .startsWith(NO_JAR + " did not start (")
        .contains("rvnt.jar is missing")
        .endsWith("rolled back to " + shipped.version() + ", which is healthy");
    ActionResult status = actions.status(host, progress, new Cancellation());
    assertThat(status.detail()).as("the previous release runs again").startsWith("active (pid ");
    assertThat(status.version()).isEqualTo(shipped.version());
    ActionResult health = actions.health(host, progress, new Cancellation());
    assertThat(health.outcome()).as(health.detail()).isEqualTo(Outcome.OK);
    assertThat(Files.readAllLines(log.file())).as("the action log records the rollback")
        .anySatisfy(l -> assertThat(l).endsWith("\tdeploy\trb1\t" + NO_JAR + "\trolled_back"));
  }

  @Test
  void aFirstReleaseWhoseRestartFailsIsStoppedAsAnUnhealthyOneIs() throws Exception {
    Host host = provisioned("rb2");

    ActionResult result = actions.deploy(host, noJar, progress, new Cancellation());

    assertThat(result.outcome()).as(result.detail() + " / " + steps).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).as("with nothing to roll back to, the deploy says so, as for an unhealthy release")
        .startsWith(NO_JAR + " did not start (")
        .endsWith("and there is no other version to roll back to; stopped");
    assertThat(actions.status(host, progress, new Cancellation()).detail()).startsWith("inactive");
  }

  @Test
  void theFailedReleasesOutputStaysReadableThroughErrorsAfterTheRollback() throws Exception {
    Host host = provisioned("rb3");
    ActionResult first = actions.deploy(host, shipped, progress, new Cancellation());
    assertThat(first.outcome()).as(first.detail() + " / " + steps).isEqualTo(Outcome.OK);
    Bundle broken = Bundle.of(Bundles.variant(dir.resolve("work-rb3"), "0.1.8-broken",
        "this is not a jar".getBytes(StandardCharsets.US_ASCII), true));

    ActionResult result = actions.deploy(host, broken, progress, new Cancellation());
    assertThat(result.outcome()).as(result.detail() + " / " + steps).isEqualTo(Outcome.ROLLED_BACK);

    ActionResult errors = actions.recentErrors(host, 50, progress, new Cancellation());
    assertThat(errors.detail()).as("after the rollback, `errors` still shows why the new release failed")
        .contains("Invalid or corrupt jarfile")
        .contains("starting 0.1.8-broken").contains("starting " + shipped.version());
  }

  @Test
  void incomingKeepsOnlyTheLastBundleWhateverHappened() throws Exception {
    Host host = provisioned("rb4");
    Path incoming = Path.of(host.root(), "opt/rvnt/incoming");
    String kept = Shipped.bundle().getFileName().toString();
    assertThat(list(incoming)).as("after provisioning, the bundle's archive only").containsExactly(kept);

    Bundle tampered = Bundle.of(Bundles.variant(dir.resolve("work-rb4"), "0.1.7-tampered",
        "tampered after the sums were made".getBytes(StandardCharsets.US_ASCII), false));
    assertThat(actions.deploy(host, tampered, progress, new Cancellation()).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(list(incoming)).as("a refused bundle is not kept, nor its unpacked folder, nor older archives")
        .isEmpty();

    Path corrupt = dir.resolve("work-rb4/rvnt-0.1.6-corrupt.tar.gz");
    Files.writeString(corrupt, "not gzip at all");
    ActionResult unpack = actions.deploy(host, Bundle.of(corrupt), progress, new Cancellation());
    assertThat(unpack.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(unpack.detail()).contains("cannot unpack rvnt-0.1.6-corrupt.tar.gz");
    assertThat(list(incoming)).as("nor is an archive that does not unpack").isEmpty();

    Files.writeString(incoming.resolve("rvnt-0.0.1.tar.gz.part"), "an upload cut short");
    ActionResult deployed = actions.deploy(host, shipped, progress, new Cancellation());
    assertThat(deployed.outcome()).as(deployed.detail()).isEqualTo(Outcome.OK);
    assertThat(list(incoming)).as("an interrupted upload is cleaned up by the next action").containsExactly(kept);
  }

  private static List<String> list(Path folder) throws Exception {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
