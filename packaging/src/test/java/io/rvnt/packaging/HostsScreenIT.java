package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Console;
import io.rvnt.console.ConsoleSetup;
import io.rvnt.console.canary.CanaryPaths;
import io.rvnt.console.hosts.HostRow;
import io.rvnt.console.instances.InstanceRow;
import io.rvnt.console.session.SandboxControl;
import io.rvnt.console.shell.Screenshots;
import io.rvnt.operator.instances.Instance;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import io.rvnt.testsupport.Sshd;
import io.rvnt.testsupport.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the console's Hosts screen, headless on Monocle, against a real throwaway sshd whose key is
 * passphrase-protected: add a host after checking the fingerprint the dialog shows, refuse a key on first use and a
 * changed pinned key, provision and deploy the real bundle's identity server into a temp folder in plain service
 * mode, watch it and see it as a remote instance, healthy, with the metrics that came through the SSH forward; then,
 * against an sshd that requires {@code publickey,keyboard-interactive}, answer the TOTP prompt in its dialog.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostsScreenIT {
  /** A deadline for JVM starts on a loaded 2-core machine, not a duration. */
  private static final long DEADLINE_SECONDS = 150;
  private static final String PASSPHRASE = "operator's passphrase";
  private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  @TempDir static Path temp;
  static Sshd sshd;
  static Path hostRoot;
  static int adminPort;

  private Console console;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = Sshd.start(Files.createDirectories(temp.resolve("sshd")), PASSPHRASE);
    hostRoot = Files.createDirectories(temp.resolve("host"));
    adminPort = Nginx.freePort();
    // A host pinned to a key the server does not have: what a man in the middle (or a reinstalled host) looks like.
    Inventory.load(temp.resolve("remote/hosts.conf")).add(new Host("mitm", "127.0.0.1", sshd.port(), "root",
        Role.BOOTSTRAP, Optional.of("SHA256:" + "A".repeat(43)), ServiceMode.PLAIN, hostRoot.toString(),
        sshd.clientKey(), adminPort));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (sshd != null) {
      Host host = new Host("id1", "127.0.0.1", sshd.port(), "root", Role.IDENTITY_ACTIVE,
          Optional.of(sshd.hostKeyFingerprint()), ServiceMode.PLAIN, hostRoot.toString(), sshd.clientKey(), adminPort);
      new HostActions(new SshConnector(SshSettings.DEFAULTS),
          new Credentials(p -> PASSPHRASE.toCharArray(), Credentials.SecretPrompt.NONE),
          new ActionLog(temp.resolve("cleanup.log"), Clock.systemUTC()), HealthSettings.DEFAULTS, Clock.systemUTC())
          .stop(host, Progress.NONE, new Cancellation());
      sshd.close();
    }
  }

  @Start
  void start(Stage stage) {
    console = Console.open(stage, new ConsoleSetup(noSandbox(), CanaryPaths.under(temp.resolve("ops")),
        Optional.empty(), Optional.empty(), Clock.systemUTC(), temp.resolve("remote")));
  }

  @AfterEach
  void closeConsole() {
    console.close();
  }

  @Test
  @Order(1)
  void addsAHostByItsFingerprintDeploysAndWatchesItsMetrics(FxRobot robot) throws Exception {
    robot.clickOn("#sidebar");
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.SHORTCUT);
    robot.lookup("#hosts-table").query(); // on screen

    fillForm(robot, "id2");
    robot.clickOn("#add-host");
    await(() -> robot.lookup("#refuse-host-key").tryQuery().isPresent());
    robot.clickOn("#refuse-host-key");
    await(() -> !busy());
    assertThat(console.hosts().work().errorProperty().get()).as("a refused key adds nothing")
        .contains("was not accepted");
    assertThat(console.hosts().hosts()).extracting(HostRow::name).containsExactly("mitm");

    fillForm(robot, "id1");
    robot.clickOn("#add-host");
    await(() -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
    assertThat(robot.lookup("#host-key-fingerprint").queryAs(Label.class).getText())
        .as("the dialog shows the SHA-256 fingerprint of the key the server presented")
        .isEqualTo(sshd.hostKeyFingerprint());
    robot.clickOn("#accept-host-key");
    await(() -> !busy() && console.hosts().hosts().size() == 2);
    assertThat(console.hosts().hosts()).filteredOn(r -> r.name().equals("id1")).extracting(HostRow::fingerprint)
        .as("the accepted key is pinned").containsExactly(sshd.hostKeyFingerprint());

    act(robot, "mitm", "#action-status");
    assertThat(console.hosts().results().get(0)).as("a changed host key is refused with a clear message")
        .startsWith("mitm  status  FAILED").contains("HOST KEY CHANGED").contains(sshd.hostKeyFingerprint());

    robot.clickOn("#bundle-path").write(Shipped.bundle().toString());
    act(robot, "id1", "#action-provision");
    assertThat(console.hosts().results().get(0)).as(console.hosts().results().toString())
        .startsWith("id1  provision  OK");
    // Test ports instead of 8080/9090; provision keeps an existing identity.conf, as on a real host.
    Files.writeString(hostRoot.resolve("etc/rvnt/identity.conf"), String.join("\n",
        "listen = 127.0.0.1:" + Nginx.freePort(),
        "admin-listen = 127.0.0.1:" + adminPort,
        "data-dir = " + hostRoot.resolve("var/lib/rvnt/identity"),
        ""));
    act(robot, "id1", "#action-deploy");
    assertThat(console.hosts().results().get(0)).as(console.hosts().results().toString())
        .startsWith("id1  deploy  OK").contains("running and healthy");

    act(robot, "id1", "#watch-hosts");
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.SHORTCUT);
    await(() -> console.instances().rows().stream().anyMatch(r -> r.name().equals("id1") && r.healthy()
        && !r.version().equals("—")));
    InstanceRow remote = console.instances().rows().stream().filter(r -> r.name().equals("id1")).findFirst()
        .orElseThrow();
    assertThat(remote.location()).as("a remote instance names its host").isEqualTo("id1");
    assertThat(remote.version()).as("its version came from /metrics.pb through the SSH forward")
        .isEqualTo(io.rvnt.remote.ops.Bundle.of(Shipped.bundle()).version());
    assertThat(console.metrics().instances()).as("the Metrics screen lists it beside local instances")
        .contains("id1");

    assertThat(console.hosts().log()).as("the operator action log is on the Hosts screen")
        .anySatisfy(l -> assertThat(l).contains(" deploy id1 ").endsWith(" ok"))
        .anySatisfy(l -> assertThat(l).contains(" provision id1 "));

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.SHORTCUT);
    Path shots = Path.of(System.getProperty("rvnt.screenshots", "target/screenshots"));
    Path png = WaitForAsyncUtils.asyncFx(() -> Screenshots.save(console.scene(), shots.resolve("hosts.png")))
        .get(60, TimeUnit.SECONDS);
    assertThat(png).as("a PNG of the Hosts screen for the docs").isRegularFile();

    act(robot, "id1", "#action-stop");
    assertThat(console.hosts().results().get(0)).startsWith("id1  stop  OK");
  }

  @Test
  @Order(2)
  void asksForTheOneTimeCodeInADialogWhenTheHostWantsIt(FxRobot robot) throws Exception {
    List<String> asked = new java.util.ArrayList<>();
    try (Sshd otp = Sshd.startWithTotp(Files.createDirectories(temp.resolve("sshd-totp")), "", TOTP_SECRET)) {
      robot.clickOn("#sidebar");
      robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.SHORTCUT);
      fillForm(robot, "otp", otp);
      robot.clickOn("#add-host");
      await(() -> robot.lookup("#accept-host-key").tryQuery().isPresent());
      robot.clickOn("#accept-host-key");
      await(() -> !busy() && console.hosts().hosts().stream().anyMatch(r -> r.name().equals("otp")));

      act(robot, "otp", "#action-status", () -> {
        asked.add(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText());
        return Totp.code(TOTP_SECRET, java.time.Instant.now());
      });
      assertThat(console.hosts().results().get(0)).as("key plus the typed TOTP code opened the session: "
          + otp.log()).startsWith("otp  status  OK");
      assertThat(asked).as("the keyboard-interactive prompt came as one dialog").hasSize(1);
    }
  }

  private void fillForm(FxRobot robot, String name) {
    fillForm(robot, name, sshd);
  }

  private void fillForm(FxRobot robot, String name, Sshd sshd) {
    for (String field : List.of("#host-name", "#host-address", "#host-port", "#host-user", "#host-key-file",
        "#host-root", "#host-admin-port")) {
      robot.interact(() -> robot.lookup(field).queryAs(javafx.scene.control.TextField.class).clear());
    }
    robot.clickOn("#host-name").write(name);
    robot.clickOn("#host-address").write("127.0.0.1");
    robot.clickOn("#host-port").write(Integer.toString(sshd.port()));
    robot.clickOn("#host-user").write("root");
    robot.clickOn("#host-key-file").write(sshd.clientKey().toString());
    robot.interact(() -> robot.lookup("#host-mode").queryAs(javafx.scene.control.ComboBox.class)
        .getSelectionModel().select("plain"));
    robot.clickOn("#host-root").write(hostRoot.toString());
    robot.clickOn("#host-admin-port").write(Integer.toString(adminPort));
  }

  /** Selects {@code host}, presses {@code button}, types the key's passphrase whenever asked, waits for the end. */
  private void act(FxRobot robot, String host, String button) throws Exception {
    act(robot, host, button, () -> PASSPHRASE);
  }

  @SuppressWarnings("unchecked")
  private void act(FxRobot robot, String host, String button, java.util.function.Supplier<String> secret)
      throws Exception {
    robot.interact(() -> {
      TableView<HostRow> table = robot.lookup("#hosts-table").queryAs(TableView.class);
      table.getSelectionModel().clearSelection();
      for (int i = 0; i < table.getItems().size(); i++) {
        if (table.getItems().get(i).name().equals(host)) {
          table.getSelectionModel().select(i);
        }
      }
    });
    robot.clickOn(button);
    while (true) {
      await(() -> robot.lookup("#host-secret").tryQuery().isPresent() || !busy());
      if (robot.lookup("#host-secret").tryQuery().isEmpty()) {
        return;
      }
      String typed = secret.get();
      robot.clickOn("#host-secret").write(typed).type(KeyCode.ENTER);
      await(() -> robot.lookup("#host-secret").tryQuery().isEmpty());
    }
  }

  private boolean busy() {
    return console.hosts().work().busyProperty().get();
  }

  private void await(Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS, () -> {
        WaitForAsyncUtils.waitForFxEvents();
        return condition.call();
      });
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("not before the deadline; hosts=" + console.hosts().hosts() + " results="
          + console.hosts().results() + " work=" + console.hosts().work().messageProperty().get() + "/"
          + console.hosts().work().errorProperty().get() + " instances=" + console.instances().rows()
          + " sshd log: " + sshd.log(), e);
    }
  }

  private SandboxControl noSandbox() {
    Path root = temp.resolve("sandbox");
    return new SandboxControl() {
      @Override
      public List<Instance> instances() {
        return List.of();
      }

      @Override
      public void start(Consumer<String> progress, BooleanSupplier cancelled) {}

      @Override
      public void stop() {}

      @Override
      public Path root() {
        return root;
      }
    };
  }
}
