package io.rvnt.remote.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes that need no host: cancellation, bad arguments, a host without a pinned key. */
class HostActionsTest {
  @TempDir Path dir;

  HostActions actions() {
    return new HostActions(new SshConnector(SshSettings.DEFAULTS),
        new Credentials(Credentials.SecretPrompt.NONE, Credentials.SecretPrompt.NONE),
        new ActionLog(dir.resolve("actions.log"), Clock.systemUTC()), HealthSettings.DEFAULTS, Clock.systemUTC());
  }

  static Host host(Optional<String> pin) {
    // Port 1 on loopback: nothing listens, so any attempt to connect would fail, not hang.
    return new Host("h1", "127.0.0.1", 1, "root", Role.BOOTSTRAP, pin, ServiceMode.SYSTEMD, "/", Path.of("/k"), 9091);
  }

  @Test
  void aCancelledActionDoesNotConnectAndIsRecordedAsCancelled() throws Exception {
    Cancellation cancel = new Cancellation();
    cancel.cancel();
    List<String> steps = new ArrayList<>();
    ActionResult result = actions().stop(host(Optional.of("SHA256:" + "a".repeat(43))), (h, s) -> steps.add(s),
        cancel);
    assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(steps).as("not even a connection was attempted").isEmpty();
    assertThat(Files.readString(dir.resolve("actions.log"))).contains("\tstop\th1\t-\tcancelled");
  }

  @Test
  void aHostWithoutAPinnedKeyIsNotContacted() {
    ActionResult result = actions().status(host(Optional.empty()), Progress.NONE, new Cancellation());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).contains("no pinned host key");
  }

  @Test
  void rejectsAnErrorLineCountOutOfRange() {
    Host host = host(Optional.of("SHA256:" + "a".repeat(43)));
    assertThat(actions().recentErrors(host, 0, Progress.NONE, new Cancellation()).detail())
        .isEqualTo("lines must be from 1 to 10000");
    assertThat(actions().recentErrors(host, 10_001, Progress.NONE, new Cancellation()).outcome())
        .isEqualTo(Outcome.FAILED);
  }

  @Test
  void anUnreachableHostFailsWithAClearReason() {
    ActionResult result = actions().status(host(Optional.of("SHA256:" + "a".repeat(43))), Progress.NONE,
        new Cancellation());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).startsWith("h1: cannot connect");
  }
}
