package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
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
  void provisionRemovesDebiansDefaultSiteAndTurnsRequestLogsOffForEverySite() throws Exception {
    // A stock Debian nginx under the root, as install.sh finds it on a fresh host.
    Files.createDirectories(root.resolve("etc"));
    assertThat(Shipped.run(List.of("cp", "-a", "/etc/nginx", root.resolve("etc").toString())).exit()).isZero();
    Path defaultSite = root.resolve("etc/nginx/sites-enabled/default");
    assertThat(Files.isSymbolicLink(defaultSite)).as("Debian enables its catch-all site").isTrue();

    Shipped.Run provision = install("provision", "--role", "identity", "--root", root.toString(), "--mode", "plain");

    assertThat(provision.exit()).as(provision.output()).isZero();
    assertThat(Files.exists(defaultSite, LinkOption.NOFOLLOW_LINKS)).as("the default site is disabled").isFalse();
    assertThat(provision.output()).contains("removed /etc/nginx/sites-enabled/default");
    assertThat(Files.readString(root.resolve("etc/nginx/conf.d/rvnt-no-logs.conf")))
        .as("the stock access_log is silenced at its own (http) level, for every site")
        .contains("\naccess_log off;\n", "\nerror_log /dev/null;\n");
    assertThat(Files.readString(root.resolve("etc/nginx/nginx.conf")))
        .as("Debian's nginx.conf itself is left alone (no conffile prompt on upgrades)")
        .isEqualTo(Files.readString(Path.of("/etc/nginx/nginx.conf")));
    assertThat(Files.readSymbolicLink(root.resolve("etc/nginx/sites-enabled/rvnt-identity-http")))
        .hasToString("../sites-available/rvnt-identity-http");
  }

  @Test
  void aSecondPlainProvisionChangesNothing() throws Exception {
    Shipped.Run first = install("provision", "--role", "bootstrap", "--root", root.toString(), "--mode", "plain");
    assertThat(first.exit()).as(first.output()).isZero();
    Shipped.Run second = install("provision", "--role", "bootstrap", "--root", root.toString(), "--mode", "plain");
    assertThat(second.output().strip()).as(second.output())
        .endsWith("provisioned bootstrap (plain): nothing changed");
    assertThat(root.resolve("etc/rvnt/bootstrap.conf")).as("the role's config from roles.conf").isRegularFile();
  }

  @Test
  void aWitnessGetsNoWebOrOnionFilesAndOnceItsClusterIsFilledInItsUnitMayReachTheOtherMembers() throws Exception {
    Shipped.Run first = install("provision", "--role", "identity-witness", "--root", root.toString(), "--mode",
        "plain");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(root.resolve("etc/rvnt/identity-witness.conf")).as("the witness's own config").isRegularFile();
    assertThat(root.resolve("etc/systemd/system/rvnt-identity-witness.service")).isRegularFile();
    assertThat(root.resolve("etc/nginx")).as("a witness serves no client: no nginx site").doesNotExist();
    assertThat(root.resolve("etc/tor")).as("and no onion service").doesNotExist();
    Path dropIn = root.resolve("etc/systemd/system/rvnt-identity-witness.service.d/rvnt-cluster.conf");
    assertThat(dropIn).as("no cluster keys yet: the unit reaches loopback only").doesNotExist();

    Path config = root.resolve("etc/rvnt/identity-witness.conf");
    Files.writeString(config, Files.readString(config) + String.join("\n",
        "cluster-self = gamma",
        "cluster-member.alpha = active 192.0.2.11:9870 " + "a".repeat(64),
        "cluster-member.beta = passive [2001:db8::12]:9870 " + "b".repeat(64),
        "cluster-member.gamma = witness 192.0.2.13:9870 " + "c".repeat(64), ""));
    Shipped.Run second = install("provision", "--role", "identity-witness", "--root", root.toString(), "--mode",
        "plain");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(Files.readString(dropIn)).as("the other members' addresses, never its own")
        .contains("\n[Service]\nIPAddressAllow=192.0.2.11 2001:db8::12\n").doesNotContain("192.0.2.13");

    Files.writeString(config, Files.readString(config).replace("192.0.2.11", "id-a.example"));
    Shipped.Run named = install("provision", "--role", "identity-witness", "--root", root.toString(), "--mode",
        "plain");
    assertThat(named.exit()).as("a member given by name cannot be allowed: " + named.output()).isEqualTo(1);
    assertThat(named.output()).contains("failed cluster: ", "cluster-member.alpha: id-a.example is not an IP address");
  }

  @Test
  void serviceScriptRefusesBadInput() throws Exception {
    Shipped.Run role = service("start", "mailserver");
    assertThat(role.exit()).isEqualTo(2);
    assertThat(role.output()).contains("unknown service 'mailserver'");
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
