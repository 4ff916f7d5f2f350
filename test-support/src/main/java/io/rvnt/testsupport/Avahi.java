package io.rvnt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real avahi-daemon inside one namespace of a {@link NetnsPair}, and {@code avahi-browse} to ask it: what a
 * Bonjour browser on the LAN sees.
 *
 * <p>How it runs here (root, no systemd, no system bus), checked on Debian 12 with avahi 0.8:
 * <ul>
 *   <li>avahi-browse talks to the daemon over the D-Bus system bus only. A private {@code dbus-daemon} with its
 *       own configuration (type system, a socket under the work directory, a policy that allows everything to
 *       everyone: it serves this test alone) is the bus; {@code DBUS_SYSTEM_BUS_ADDRESS} points the daemon and
 *       avahi-browse at it. Its "Failed to set fd limit" warning is harmless.</li>
 *   <li>avahi-daemon keeps its pid file and socket in /run/avahi-daemon, a path built into it. {@code ip netns exec}
 *       runs its command in a private mount namespace, so a bind mount of a directory of this test over
 *       /run/avahi-daemon stays there, and parallel test runs do not meet.</li>
 *   <li>{@code --no-drop-root --no-chroot --no-rlimits}: no avahi user, no chroot set-up needed. Its own
 *       configuration file: IPv4 on the namespace's veth end only, D-Bus on, wide-area off, publishing off
 *       (it browses, it announces nothing of its own).</li>
 * </ul>
 * {@link #close()} stops both daemons; it runs even when the test failed.
 */
public final class Avahi implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(30);

  private final NetnsPair.Netns ns;
  private final Path work;
  private final String bus;
  private final List<Process> processes = new ArrayList<>();

  private Avahi(NetnsPair.Netns ns, Path work) {
    this.ns = ns;
    this.work = work;
    this.bus = "unix:path=" + work.resolve("bus");
  }

  /** Starts a bus and avahi-daemon in {@code ns}; returns once the daemon has started up. */
  public static Avahi start(NetnsPair.Netns ns, Path work) throws IOException, InterruptedException {
    Files.createDirectories(work.resolve("run"));
    Avahi avahi = new Avahi(ns, work);
    try {
      avahi.startBus();
      avahi.startDaemon();
    } catch (IOException | RuntimeException | Error e) {
      avahi.close();
      throw e;
    }
    return avahi;
  }

  /** One {@code avahi-browse -rpt TYPE} in the namespace: the parsable lines it printed. */
  public List<String> browse(String serviceType) {
    CommandRun.Result r = CommandRun.run(ns.exec("avahi-browse", "-rpt", serviceType),
        Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus), work);
    r.requireSuccess("avahi-browse");
    return r.stdout().lines().toList();
  }

  private void startBus() throws IOException {
    Path config = work.resolve("dbus.conf");
    Files.writeString(config, """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>%s</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """.formatted(bus), StandardCharsets.UTF_8);
    processes.add(new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile")
        .redirectErrorStream(true).redirectOutput(work.resolve("dbus.log").toFile()).start());
    awaitStartup("the private D-Bus socket", () -> Files.exists(work.resolve("bus")));
  }

  private void startDaemon() throws IOException {
    Path config = work.resolve("avahi-daemon.conf");
    Files.writeString(config, """
        [server]
        host-name=rvnt-browser-%d
        use-ipv4=yes
        use-ipv6=no
        allow-interfaces=%s
        enable-dbus=yes
        disallow-other-stacks=no
        [wide-area]
        enable-wide-area=no
        [publish]
        disable-publishing=yes
        [reflector]
        enable-reflector=no
        """.formatted(ProcessHandle.current().pid(), ns.device()), StandardCharsets.UTF_8);
    Files.createDirectories(Path.of("/run/avahi-daemon")); // the mount point; the daemon only sees the bind mount
    Path log = work.resolve("avahi-daemon.log");
    ProcessBuilder pb = new ProcessBuilder(ns.exec("sh", "-c",
        "mount --bind \"$0\" /run/avahi-daemon && exec avahi-daemon -f \"$1\" --no-drop-root --no-chroot "
            + "--no-rlimits", work.resolve("run").toString(), config.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", bus);
    processes.add(pb.start());
    awaitStartup("avahi-daemon's start-up", () -> log("avahi-daemon.log").contains("Server startup complete"));
  }

  /** How far start-up got: up, or a daemon already gone; the logs tell why when neither comes in time. */
  private record Startup(boolean up, boolean exited, String logs) {}

  private void awaitStartup(String what, BooleanSupplier up) {
    Startup last = Await.value(START_DEADLINE, what, () -> new Startup(up.getAsBoolean(),
        processes.stream().anyMatch(p -> !p.isAlive()), log("avahi-daemon.log") + log("dbus.log")),
        startup -> startup.up() || startup.exited());
    if (!last.up()) {
      throw new IllegalStateException("no " + what + ": a daemon exited; logs: " + last.logs());
    }
  }

  private String log(String name) {
    Path file = work.resolve(name);
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
