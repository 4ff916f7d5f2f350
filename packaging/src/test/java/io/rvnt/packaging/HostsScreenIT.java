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
import io.rvnt.testsupport.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the console's Hosts screen, headless on Monocle, against real throwaway sshds. One walk-through against an
 * sshd whose key is passphrase-protected: refuse a key on first use, add a host after checking the fingerprint the
 * dialog shows, refuse a changed pinned key, provision and deploy the real bundle's identity server into a temp folder
 * in plain service mode, watch it and see it as a remote instance, healthy, with the metrics that came through the
 * SSH forward (and the README's picture of the screen), stop it and see it down on the Alerts screen. Then, on its
 * own host, an sshd that requires {@code publickey,keyboard-interactive}: the TOTP prompt comes as a dialog. Each test starts its own sshd, host and
 * console, and waits for the result line of the very action it checks.
 */
@ExtendWith(ApplicationExtension.class)
class HostsScreenIT {
  /** A deadline for JVM starts and SSH sessions on a loaded 2-core machine, not a duration. */
  private static final long DEADLINE_SECONDS = 300;
  private static final String PASSPHRASE = "operator's passphrase";
  private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  @TempDir Path temp;
  private Stage stage;
  private Console console;
  private final List<Sshd> sshds = new ArrayList<>();
  private final List<Runnable> services = new ArrayList<>();

  /** A test host: its sshd, the folder it is rooted in and the admin port its identity server listens on. */
  private record TestHost(Sshd sshd, Path root, int adminPort) {}

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (console != null) {
      console.close();
    }
    services.forEach(Runnable::run);
    for (Sshd sshd : sshds) {
      sshd.close();
    }
  }

  @Test
  void walksAHostFromItsFingerprintToADeployedServiceWhoseMetricsItWatches(FxRobot robot) throws Exception {
    TestHost id1 = host("sshd", PASSPHRASE, false);
    // A host pinned to a key the server does not have: what a man in the middle (or a reinstalled host) looks like.
    Inventory.load(temp.resolve("remote/hosts.conf")).add(new Host("mitm", "127.0.0.1", id1.sshd().port(), "root",
        Role.BOOTSTRAP, Optional.of("SHA256:" + "A".repeat(43)), ServiceMode.PLAIN, id1.root().toString(),
        id1.sshd().clientKey(), id1.adminPort()));
    openConsole(robot);

    fillForm(robot, "id2", id1);
    robot.clickOn("#add-host");
    await(() -> robot.lookup("#refuse-host-key").tryQuery().isPresent());
    robot.clickOn("#refuse-host-key");
    await(() -> console.hosts().work().errorProperty().get().contains("was not accepted"));
    assertThat(console.hosts().hosts()).as("refuse: a refused key adds nothing").extracting(HostRow::name)
        .containsExactly("mitm");

    fillForm(robot, "id1", id1);
    int added = resultsOf("id1", "add");
    robot.clickOn("#add-host");
    await(() -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
    assertThat(robot.lookup("#host-key-fingerprint").queryAs(Label.class).getText())
        .as("add: the dialog shows the SHA-256 fingerprint of the key the server presented")
        .isEqualTo(id1.sshd().hostKeyFingerprint());
    robot.clickOn("#accept-host-key");
    await(() -> resultsOf("id1", "add") > added);
    assertThat(console.hosts().hosts()).filteredOn(r -> r.name().equals("id1")).extracting(HostRow::fingerprint)
        .as("add: the accepted key is pinned").containsExactly(id1.sshd().hostKeyFingerprint());

    assertThat(act(robot, "mitm", "status")).as("changed key: refused with a clear message")
        .startsWith("mitm  status  FAILED").contains("HOST KEY CHANGED").contains(id1.sshd().hostKeyFingerprint());

    robot.clickOn("#bundle-path").write(Shipped.bundle().toString());
    assertThat(act(robot, "id1", "provision")).as("provision").startsWith("id1  provision  OK");
    useTestPorts(id1);
    services.add(() -> stopService(id1, "id1", PASSPHRASE));
    assertThat(act(robot, "id1", "deploy")).as("deploy").startsWith("id1  deploy  OK").contains("running and healthy");

    press(robot, "id1", "#watch-hosts", () -> PASSPHRASE, () -> watching("id1"));
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.SHORTCUT);
    await(() -> console.instances().rows().stream().anyMatch(r -> r.name().equals("id1") && r.healthy()
        && !r.version().equals("—")));
    InstanceRow remote = console.instances().rows().stream().filter(r -> r.name().equals("id1")).findFirst()
        .orElseThrow();
    assertThat(remote.location()).as("watch: a remote instance names its host").isEqualTo("id1");
    assertThat(remote.version()).as("watch: its version came from /metrics.pb through the SSH forward")
        .isEqualTo(Bundle.of(Shipped.bundle()).version());
    assertThat(console.metrics().instances()).as("watch: the Metrics screen lists it beside local instances")
        .contains("id1");

    assertThat(console.hosts().log()).as("action log: on the Hosts screen")
        .anySatisfy(l -> assertThat(l).contains(" deploy id1 ").endsWith(" ok"))
        .anySatisfy(l -> assertThat(l).contains(" provision id1 "));

    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.SHORTCUT);
    Path shots = Path.of(System.getProperty("rvnt.screenshots", "target/screenshots"));
    Path png = WaitForAsyncUtils.asyncFx(() -> Screenshots.save(console.scene(), shots.resolve("hosts.png")))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(png).as("screenshot: a PNG of the Hosts screen for the docs").isRegularFile();

    assertThat(act(robot, "id1", "stop")).as("stop").startsWith("id1  stop  OK");
    // Read on the FX thread, where one poll round sets the rows and then the badge's count: read from the test
    // thread, the rows could show the alert while the count was still being set.
    await(() -> WaitForAsyncUtils.asyncFx(() -> console.alerts().rows().stream()
        .anyMatch(r -> r.active() && r.subject().equals("id1") && r.alert().equals("RvntInstanceDown")))
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS));
    assertThat(WaitForAsyncUtils.asyncFx(() -> console.alerts().activeCountProperty().get())
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS))
        .as("alerts: a watched host whose service stopped is down on the Alerts screen and its badge").isPositive();
  }

  @Test
  void asksForTheOneTimeCodeInADialogWhenTheHostWantsIt(FxRobot robot) throws Exception {
    TestHost otp = host("sshd-totp", "", true);
    // The host is provisioned beforehand, so that its status has a service to report on.
    ActionResult provisioned = actions(Credentials.SecretPrompt.NONE, prompt -> code().toCharArray())
        .provision(otpHost(otp), Bundle.of(Shipped.bundle()), List.of(), Progress.NONE, new Cancellation());
    assertThat(provisioned.outcome()).as("setup: provision with key and TOTP: %s", provisioned.detail())
        .isEqualTo(Outcome.OK);
    openConsole(robot);

    fillForm(robot, "otp", otp);
    robot.clickOn("#add-host");
    await(() -> robot.lookup("#accept-host-key").tryQuery().isPresent());
    robot.clickOn("#accept-host-key");
    await(() -> resultsOf("otp", "add") > 0);

    List<String> asked = new ArrayList<>();
    String status = act(robot, "otp", "status", () -> {
      asked.add(robot.lookup(".dialog-pane").queryAs(DialogPane.class).getHeaderText());
      return code();
    });
    assertThat(status).as("key plus the typed TOTP code opened the session: " + otp.sshd().log())
        .startsWith("otp  status  OK");
    assertThat(asked).as("the keyboard-interactive prompt came as one dialog").hasSize(1);
  }

  /** A throwaway sshd ({@code totp}: it also asks for a TOTP code), a folder to root a host in, a free admin port. */
  private TestHost host(String name, String passphrase, boolean totp) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(name));
    Sshd sshd = totp ? Sshd.startWithTotp(dir, passphrase, TOTP_SECRET) : Sshd.start(dir, passphrase);
    sshds.add(sshd);
    return new TestHost(sshd, Files.createDirectories(temp.resolve(name + "-root")), Nginx.freePort());
  }

  private Host otpHost(TestHost otp) {
    return new Host("otp", "127.0.0.1", otp.sshd().port(), "root", Role.IDENTITY_ACTIVE,
        Optional.of(otp.sshd().hostKeyFingerprint()), ServiceMode.PLAIN, otp.root().toString(),
        otp.sshd().clientKey(), otp.adminPort());
  }

  private static String code() {
    return Totp.code(TOTP_SECRET, Instant.now());
  }

  private HostActions actions(Credentials.SecretPrompt passphrase, Credentials.SecretPrompt secondFactor) {
    return new HostActions(new SshConnector(SshSettings.DEFAULTS), new Credentials(passphrase, secondFactor),
        new ActionLog(temp.resolve("setup.log"), Clock.systemUTC()), HealthSettings.DEFAULTS, Clock.systemUTC());
  }

  /** Stops whatever the test left running on {@code host}; harmless when nothing runs. */
  private void stopService(TestHost host, String name, String passphrase) {
    Host pinned = new Host(name, "127.0.0.1", host.sshd().port(), "root", Role.IDENTITY_ACTIVE,
        Optional.of(host.sshd().hostKeyFingerprint()), ServiceMode.PLAIN, host.root().toString(),
        host.sshd().clientKey(), host.adminPort());
    actions(prompt -> passphrase.toCharArray(), Credentials.SecretPrompt.NONE)
        .stop(pinned, Progress.NONE, new Cancellation());
  }

  /** Test ports instead of 8080/9090; provision keeps an existing identity.conf, as on a real host. */
  private static void useTestPorts(TestHost host) throws Exception {
    Files.writeString(host.root().resolve("etc/rvnt/identity.conf"), String.join("\n",
        "listen = 127.0.0.1:" + Nginx.freePort(),
        "admin-listen = 127.0.0.1:" + host.adminPort(),
        "data-dir = " + host.root().resolve("var/lib/rvnt/identity"),
        ""));
  }

  private void openConsole(FxRobot robot) throws Exception {
    ConsoleSetup setup = new ConsoleSetup(noSandbox(), CanaryPaths.under(temp.resolve("ops")), Optional.empty(),
        Optional.empty(), Clock.systemUTC(), temp.resolve("remote"));
    console = WaitForAsyncUtils.asyncFx(() -> Console.open(stage, setup)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    robot.clickOn("#sidebar");
    robot.press(KeyCode.SHORTCUT, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.SHORTCUT);
    robot.lookup("#hosts-table").query(); // on screen
  }

  private void fillForm(FxRobot robot, String name, TestHost host) {
    for (String field : List.of("#host-name", "#host-address", "#host-port", "#host-user", "#host-key-file",
        "#host-root", "#host-admin-port")) {
      robot.interact(() -> robot.lookup(field).queryAs(TextField.class).clear());
    }
    robot.clickOn("#host-name").write(name);
    robot.clickOn("#host-address").write("127.0.0.1");
    robot.clickOn("#host-port").write(Integer.toString(host.sshd().port()));
    robot.clickOn("#host-user").write("root");
    robot.clickOn("#host-key-file").write(host.sshd().clientKey().toString());
    robot.interact(() -> robot.lookup("#host-mode").queryAs(ComboBox.class).getSelectionModel().select("plain"));
    robot.clickOn("#host-root").write(host.root().toString());
    robot.clickOn("#host-admin-port").write(Integer.toString(host.adminPort()));
  }

  /** Runs {@code action} on {@code host}, typing the key's passphrase whenever asked; returns its result line. */
  private String act(FxRobot robot, String host, String action) throws Exception {
    return act(robot, host, action, () -> PASSPHRASE);
  }

  /**
   * Selects {@code host}, presses the button of {@code action}, answers every secret prompt with {@code secret}, and
   * returns the result line of this action on this host: the outcome itself, not a moment when the screen is idle.
   */
  private String act(FxRobot robot, String host, String action, Supplier<String> secret) throws Exception {
    int before = resultsOf(host, action);
    press(robot, host, "#action-" + action, secret, () -> resultsOf(host, action) > before);
    String prefix = host + "  " + action + "  ";
    return console.hosts().results().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  /** Selects {@code host}, presses {@code button}, and answers secret prompts until {@code outcome} holds. */
  @SuppressWarnings("unchecked")
  private void press(FxRobot robot, String host, String button, Supplier<String> secret, BooleanSupplier outcome)
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
      await(() -> prompting(robot) || outcome.getAsBoolean());
      if (!prompting(robot)) {
        return;
      }
      robot.clickOn("#host-secret").write(secret.get()).type(KeyCode.ENTER);
      await(() -> !prompting(robot));
    }
  }

  private static boolean prompting(FxRobot robot) {
    return robot.lookup("#host-secret").tryQuery().isPresent();
  }

  /** How many result lines of {@code action} on {@code host} the screen shows (on the FX thread's last state). */
  private int resultsOf(String host, String action) {
    String prefix = host + "  " + action + "  ";
    return (int) console.hosts().results().stream().filter(l -> l.startsWith(prefix)).count();
  }

  private boolean watching(String host) {
    return console.hosts().hosts().stream().anyMatch(r -> r.name().equals(host) && r.watching().equals("watching"));
  }

  private void await(Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS, () -> {
        WaitForAsyncUtils.waitForFxEvents();
        return condition.call();
      });
    } catch (TimeoutException e) {
      StringBuilder logs = new StringBuilder();
      for (Sshd sshd : sshds) {
        logs.append("\nsshd log: ").append(sshd.log());
      }
      throw new AssertionError("not before the deadline; hosts=" + console.hosts().hosts() + " results="
          + console.hosts().results() + " work=" + console.hosts().work().messageProperty().get() + "/"
          + console.hosts().work().errorProperty().get() + " instances=" + console.instances().rows() + logs, e);
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
