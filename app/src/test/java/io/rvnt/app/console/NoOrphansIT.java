package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGKILL runs no shutdown hook, so these kill the sandbox and the console for real and check that every
 * instance process they started ends anyway (each child's --parent-pid watchdog).
 */
class NoOrphansIT {
  private static final Pattern PID = Pattern.compile("\\(\\w+, pid (\\d+)\\)");

  @TempDir Path temp;

  @Test
  void sandboxInstancesExitWhenTheSandboxIsKilled() throws Exception {
    try (Child sandbox = new Child(Child.java("-jar", Child.jar(), "sandbox", "--data-dir",
        temp.resolve("sandbox").toString()), temp)) {
      sandbox.awaitLine(line -> line.startsWith("sandbox running"));
      List<Long> pids = sandbox.output().stream().map(PID::matcher).filter(Matcher::find)
          .map(m -> Long.parseLong(m.group(1))).toList();
      assertThat(pids).as("the sandbox printed each instance's process").isNotEmpty();
      assertThat(sandbox.output()).as("endpoints are printed")
          .anyMatch(line -> line.contains("api http://127.0.0.1:") && line.contains("admin http://127.0.0.1:"));
      for (String member : List.of("identity-active", "identity-passive")) {
        assertThat(sandbox.output()).as("the cluster member %s: its name first, its pid, API and admin URLs", member)
            .filteredOn(line -> line.startsWith(member + " (")).singleElement().satisfies(line -> assertThat(line)
                .containsPattern("\\(identity, pid \\d+\\)  api http://127\\.0\\.0\\.1:\\d+  "
                    + "admin http://127\\.0\\.0\\.1:\\d+$"));
      }
      assertThat(sandbox.output()).as("the witness: its name first, its pid and admin URL, no API")
          .filteredOn(line -> line.startsWith("identity-witness (")).singleElement().satisfies(line -> assertThat(line)
              .containsPattern("\\(identity, pid \\d+\\)  admin http://127\\.0\\.0\\.1:\\d+$"));
      assertThat(sandbox.output()).as("both relays are listed with their TCP and QUIC addresses and admin listener")
          .filteredOn(line -> line.startsWith("relay-")).hasSize(2).allSatisfy(line -> assertThat(line)
              .contains("(relay, pid ").contains("p2p /ip4/127.0.0.1/tcp/").contains("/quic-v1/p2p/12D3KooW")
              .contains("admin http://127.0.0.1:"));

      sandbox.process.destroyForcibly(); // SIGKILL
      assertThat(sandbox.process.waitFor(Child.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      for (long pid : pids) {
        assertThat(Child.awaitGone(pid)).as("instance %d exits after its sandbox was killed", pid).isTrue();
      }
    }
  }

  @Test
  void sandboxInstancesExitWhenTheConsoleIsKilled() throws Exception {
    try (Child console = new Child(Child.java(
        "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
        "-cp", Child.jar() + java.io.File.pathSeparator + monocleJar(), "io.rvnt.app.Main",
        "console", "--data-dir", temp.resolve("sandbox").toString(),
        "--screenshot", temp.resolve("never").toString()), temp)) {
      ProcessHandle instance = awaitListeningChild(console);
      console.process.destroyForcibly(); // SIGKILL
      assertThat(console.process.waitFor(Child.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(Child.awaitGone(instance.pid())).as("the instance exits after its console was killed").isTrue();
    }
  }

  @Test
  void withoutADisplayTheLauncherSaysSoInOneLineAndPointsToTheSandbox() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Child.java("-jar", Child.jar())).directory(temp.toFile());
    builder.environment().remove("DISPLAY");
    builder.environment().remove("WAYLAND_DISPLAY");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(Child.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("not a success").isEqualTo(1);
    assertThat(output.lines().toList()).as("one line, naming the headless way").hasSize(1)
        .allMatch(line -> line.contains("./rvnt sandbox") && line.contains("display"));
  }

  /** The console's first instance process, once its RocksDB is open (the active member holds the LOCK file). */
  private ProcessHandle awaitListeningChild(Child console) {
    Path lock = temp.resolve("sandbox").resolve("identity-active").resolve("state").resolve("LOCK");
    AtomicReference<ProcessHandle> instance = new AtomicReference<>();
    // Stops early, with the failure below, if the console itself dies.
    Await.holdsWithin(Child.DEADLINE, () -> {
      console.process.children().filter(c -> c.info().commandLine().orElse("").contains(" server "))
          .findFirst().filter(c -> Files.exists(lock)).ifPresent(instance::set);
      return instance.get() != null || !console.process.isAlive();
    });
    if (instance.get() == null) {
      throw new AssertionError("the console started no instance; output:\n" + String.join("\n", console.output()));
    }
    return instance.get();
  }


  private static String monocleJar() throws Exception {
    return Path.of(Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory").getProtectionDomain()
        .getCodeSource().getLocation().toURI()).toString();
  }
}
