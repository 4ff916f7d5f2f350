package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh and rvnt-service from the built bundle, run locally in plain mode under a temp root: bad input is
 * refused with a clear message and changes nothing.
 */
class InstallScriptIT {
  @TempDir Path dir;
  Path bundle;
  Path root;

  @BeforeEach
  void unpack() throws Exception {
    bundle = Shipped.unpackBundle(dir);
    root = Files.createDirectories(dir.resolve("root"));
  }

  Shipped.Run install(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(bundle.resolve("install.sh").toString()));
    command.addAll(List.of(args));
    return Shipped.run(command);
  }

  Shipped.Run service(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(bundle.resolve("bin/rvnt-service").toString(), "--root",
        root.toString(), "--mode", "plain"));
    command.addAll(List.of(args));
    return Shipped.run(command);
  }

  private void assertRefused(Shipped.Run run, String message) throws Exception {
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output()).contains(message);
    try (var left = Files.list(root)) {
      assertThat(left).as("a refused command changes nothing under the root").isEmpty();
    }
  }

  @Test
  void refusesAnUnknownOption() throws Exception {
    assertRefused(install("provision", "--role", "identity", "--root", root.toString(), "--mode", "plain",
        "--force"), "unknown option '--force'");
  }

  @Test
  void refusesProvisionWithoutARole() throws Exception {
    assertRefused(install("provision", "--root", root.toString(), "--mode", "plain"), "needs --role");
  }

  @Test
  void refusesSystemdModeUnderAnotherRoot() throws Exception {
    assertRefused(install("provision", "--role", "bootstrap", "--root", root.toString()),
        "systemd mode installs into / only");
  }

  @Test
  void refusesAnUnknownAction() throws Exception {
    assertRefused(install("uninstall"), "usage: install.sh");
  }

  @Test
  void refusesABundleWhoseFilesDoNotMatchTheSums() throws Exception {
    Files.writeString(bundle.resolve("sysctl/99-rvnt.conf"), "kernel.randomize_va_space = 0\n");
    assertRefused(install("provision", "--role", "identity", "--root", root.toString(), "--mode", "plain"),
        "SHA256SUMS do not match");
  }

  @Test
  void neverOverwritesAnInstalledReleaseWithOtherBytes() throws Exception {
    assertThat(install("release", "--root", root.toString()).exit()).isZero();
    String version = Files.readString(bundle.resolve("VERSION")).strip();
    Path installed = root.resolve("opt/rvnt/releases/" + version);
    Files.writeString(installed.resolve("README.md"), "changed on the host\n");
    Shipped.Run again = install("release", "--root", root.toString());
    assertThat(again.exit()).as("a version folder is written once").isNotZero();
    assertThat(again.output()).contains("exists with different contents");
  }

  @Test
  void serviceScriptRefusesBadInput() throws Exception {
    Shipped.Run role = service("start", "relay");
    assertThat(role.exit()).isEqualTo(2);
    assertThat(role.output()).contains("unknown service 'relay'");
    Shipped.Run lines = service("errors", "ten", "identity");
    assertThat(lines.exit()).isEqualTo(2);
    assertThat(lines.output()).contains("LINES must be a number");
    Shipped.Run action = service("reload", "identity");
    assertThat(action.exit()).isEqualTo(2);
    assertThat(action.output()).contains("unknown action 'reload'");
  }

  @Test
  void serviceStartFailsAtOnceWhenTheCurrentReleaseHasNoJar() throws Exception {
    assertRefused(service("start", "identity"),
        "cannot start identity: " + root + "/opt/rvnt/current/rvnt.jar is missing");
    assertRefused(service("restart", "identity"), "rvnt.jar is missing");
  }

  @Test
  void serviceStatusExitsThreeWhenStoppedAsSystemctlDoes() throws Exception {
    Shipped.Run status = service("status", "identity");
    assertThat(status.exit()).isEqualTo(3);
    assertThat(status.output().strip()).isEqualTo("inactive");
    Shipped.Run stop = service("stop", "identity");
    assertThat(stop.exit()).as("stopping a stopped service is fine").isZero();
    assertThat(stop.output().strip()).isEqualTo("not running");
  }
}
