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
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.OverlayHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator as docs/remote.md sets one up: a non-root user with password-less sudo, logging in with a key (issue
 * 12, item 9: scripts/install-test-deps brings sudo for this). The host is an {@link OverlayHost} (this machine's
 * Debian under an overlay) with the user, its sudoers entry and an sshd of its own; nothing reaches the real /etc.
 */
class SudoOperatorIT {
  private static final Duration SSHD_START_DEADLINE = Duration.ofSeconds(60);
  private static final String ROOT = "/srv/rvnt";

  @TempDir Path dir;
  OverlayHost host;
  final List<String> steps = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stopHost() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void aNonRootOperatorWithPasswordlessSudoProvisionsDeploysAndReadsHealth() throws Exception {
    host = OverlayHost.start(Files.createDirectories(dir.resolve("host")));
    Path key = dir.resolve("ops_key");
    CommandRun.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())).requireSuccess();
    int port = LoopbackPorts.free();
    // '*' rather than useradd's locked '!': sshd without PAM refuses a locked account even for keys.
    host.require("useradd --create-home --shell /bin/sh ops && usermod -p '*' ops"
        + " && install -d -m 0700 -o ops -g ops /home/ops/.ssh"
        + " && install -m 0600 -o ops -g ops " + key + ".pub /home/ops/.ssh/authorized_keys"
        + " && echo 'ops ALL=(ALL) NOPASSWD: ALL' >/etc/sudoers.d/ops && chmod 0440 /etc/sudoers.d/ops"
        + " && ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/overlay_host_key");
    host.write("/etc/ssh/overlay_sshd.conf", String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey /etc/ssh/overlay_host_key",
        "PidFile /run/overlay_sshd.pid",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "PermitRootLogin no",
        "AllowTcpForwarding local",
        "Subsystem sftp internal-sftp",
        ""), "0644");
    Process sshd = host.launch("exec /usr/sbin/sshd -D -e -f /etc/ssh/overlay_sshd.conf", dir.resolve("sshd.log"));
    assertThat(LoopbackPorts.awaitAccepting(port, sshd, SSHD_START_DEADLINE))
        .as("the host's sshd listens within %s: %s", SSHD_START_DEADLINE, Files.readString(dir.resolve("sshd.log")))
        .isTrue();
    String fingerprint = host.require("ssh-keygen -l -E sha256 -f /etc/ssh/overlay_host_key.pub").split(" ")[1];

    Host ops = new Host("ops1", "127.0.0.1", port, "ops", Role.BOOTSTRAP, Optional.of(fingerprint),
        ServiceMode.PLAIN, ROOT, key, LoopbackPorts.free());
    HostActions actions = new HostActions(new SshConnector(SshSettings.DEFAULTS),
        new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE),
        new ActionLog(dir.resolve("operator/actions.log"), Clock.systemUTC()),
        new HealthSettings(Duration.ofSeconds(120), Duration.ofMillis(300), Duration.ofSeconds(3)), Clock.systemUTC());
    Progress progress = (name, step) -> steps.add(name + ": " + step);
    Bundle bundle = Bundle.of(Shipped.bundle());
    host.require("mkdir -p " + ROOT);

    ActionResult provisioned = actions.provision(ops, bundle, List.of(), progress, new Cancellation());
    assertThat(provisioned.outcome()).as("%s / %s", provisioned.detail(), steps).isEqualTo(Outcome.OK);
    assertThat(host.require("stat -c '%U %a' " + ROOT + "/opt/rvnt/incoming").strip())
        .as("install.sh ran as root through sudo").isEqualTo("root 700");
    String config = ROOT + "/etc/rvnt/bootstrap.conf";
    host.write(config, RoleDeployIT.onLoopbackTestPorts(host.require("cat " + config),
        Role.BOOTSTRAP.defaultAdminPort(), ops.adminPort()), "0640");

    ActionResult deployed = actions.deploy(ops, bundle, progress, new Cancellation());
    assertThat(deployed.outcome()).as("%s / %s", deployed.detail(), steps).isEqualTo(Outcome.OK);
    ActionResult health = actions.health(ops, progress, new Cancellation());
    assertThat(health.outcome()).as(health.detail()).isEqualTo(Outcome.OK);
    assertThat(host.require("ls -A /home/ops").lines().toList())
        .as("the upload's staging folder in the operator's home is gone").doesNotContain(".rvnt-upload");
    assertThat(actions.stop(ops, progress, new Cancellation()).outcome()).isEqualTo(Outcome.OK);
  }
}
