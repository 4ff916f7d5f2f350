package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.Sshd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does with {@code ./rvnt remote} (issue 7, "Done when"): add a host, accepting its key, provision
 * it, deploy, watch its metrics, upgrade to a broken build and see the rollback, stop it, read the action log. The
 * real jar runs as a process against a real sshd on loopback; answers go in on standard input as at a terminal.
 */
class RemoteCliIT {
  /** How long one command may take (a deploy waits for a JVM to start) on a busy machine: a deadline. */
  private static final Duration COMMAND_DEADLINE = Duration.ofMinutes(5);

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  Result rvnt(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("rvnt.jar"), "remote", "--config-dir", dir.resolve("operator").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    if (!process.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("rvnt " + String.join(" ", args) + " did not finish within " + COMMAND_DEADLINE);
    }
    return new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  @Test
  void operatorAddsProvisionsDeploysWatchesUpgradesWithRollbackAndStops() throws Exception {
    try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "")) {
      try {
        Path root = Files.createDirectories(dir.resolve("host"));
        int admin = LoopbackPorts.free();
        String[] add = {"add", "id1", "--address", "127.0.0.1", "--port", Integer.toString(sshd.port()), "--user",
            "root", "--role", "identity-active", "--identity-file", sshd.clientKey().toString(), "--service-mode",
            "plain", "--root", root.toString(), "--admin-port", Integer.toString(admin), "--known-hosts",
            dir.resolve("no_known_hosts").toString()};

        Result refused = rvnt("no\n", add);
        assertThat(refused.exit()).as("a host whose key the operator refuses is not added").isEqualTo(1);
        assertThat(refused.err()).as("the fingerprint is shown before asking").contains(sshd.hostKeyFingerprint());
        assertThat(rvnt("", "list").out()).as("nothing added").isEmpty();

        Result added = rvnt("yes\n", add);
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(rvnt("", "list").out()).contains("id1").contains(sshd.hostKeyFingerprint());

        String bundle = Shipped.bundle().toString();
        Result provisioned = rvnt("", "provision", "id1", "--bundle", bundle);
        assertThat(provisioned.exit()).as(provisioned.out() + provisioned.err()).isZero();
        Files.writeString(root.resolve("etc/rvnt/identity.conf"), "listen = 127.0.0.1:" + LoopbackPorts.free()
            + "\nadmin-listen = 127.0.0.1:" + admin + "\ndata-dir = " + root.resolve("var/lib/rvnt/identity") + "\n");

        Result deployed = rvnt("", "deploy", "--all", "--bundle", bundle);
        assertThat(deployed.exit()).as(deployed.out() + deployed.err()).isZero();
        assertThat(deployed.out()).contains("id1: ok: ");
        Result metrics = rvnt("", "metrics", "id1");
        assertThat(metrics.exit()).as(metrics.err()).isZero();
        assertThat(metrics.out()).as("metrics through the SSH forward").contains("rvnt_");

        Path broken = Bundles.variant(dir.resolve("work"), "0.9.9-broken",
            "not a jar".getBytes(StandardCharsets.US_ASCII), true);
        Result rolledBack = rvnt("", "deploy", "id1", "--bundle", broken.toString());
        assertThat(rolledBack.exit()).as("a rollback is not success").isEqualTo(1);
        assertThat(rolledBack.out()).contains("id1: rolled back: ");
        assertThat(rvnt("", "status", "id1").out()).as("the previous version runs")
            .contains("active (pid ").contains("version 0.1.0")
            .as("with the alerts its metrics raise, judged like the console's Alerts screen")
            .containsPattern("; alerts: (none|Rvnt\\w+ \\()");

        assertThat(rvnt("", "stop", "id1").exit()).isZero();
        assertThat(rvnt("", "status", "id1").out()).contains("inactive");
        assertThat(rvnt("", "log").out()).contains("\tdeploy\tid1\t0.9.9-broken\trolled_back");
      } finally {
        // Ends a service a failure left running; harmless when nothing runs.
        rvnt("", "stop", "id1");
      }
    }
  }

  @Test
  void addRefusesAKeyFileThatDoesNotExistAndWritesNothing() throws Exception {
    Path missing = dir.resolve("no_such_key");
    Result refused = rvnt("", "add", "h1", "--address", "127.0.0.1", "--port", "1", "--user", "root", "--role",
        "bootstrap", "--identity-file", missing.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("--identity-file " + missing + ": no such readable key file");
    assertThat(dir.resolve("operator/hosts.conf")).as("nothing added").doesNotExist();
  }

  @Test
  void addNarrowsAWideConfigFolderAndWarnsAboutAnAddressPinnedUnderAnotherName() throws Exception {
    Path operator = Files.createDirectories(dir.resolve("operator"));
    Files.setPosixFilePermissions(operator, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")), "")) {
      for (String name : List.of("boot1", "boot1b")) {
        Result added = rvnt("", "add", name, "--address", "127.0.0.1", "--port", Integer.toString(sshd.port()),
            "--user", "root", "--role", "bootstrap", "--identity-file", sshd.clientKey().toString(),
            "--fingerprint", sshd.hostKeyFingerprint(), "--known-hosts", dir.resolve("none").toString());
        assertThat(added.exit()).as(added.err()).isZero();
        if (name.equals("boot1b")) {
          assertThat(added.err()).as("the same machine under a second name is pointed out")
              .contains("warning: 127.0.0.1:" + sshd.port() + " is already in the inventory as boot1, with the "
                  + "same host key");
        } else {
          assertThat(added.err()).doesNotContain("warning");
        }
      }
    }
    assertThat(Files.getPosixFilePermissions(operator)).as("the inventory's folder is the operator's only")
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void remoteAndItsSubcommandsPrintTheVersion() throws Exception {
    Result remote = rvnt("", "--version");
    assertThat(remote.out().strip()).as("rvnt remote --version").matches("rvnt \\d+\\.\\d+\\.\\d+.*");
    for (String sub : List.of("deploy", "provision", "health", "add")) {
      assertThat(rvnt("", sub, "--version").out()).as("rvnt remote " + sub + " --version").isEqualTo(remote.out());
    }
  }
}
