package io.rvnt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A throwaway Debian host made of this machine, for what only a whole host shows (install.sh in systemd mode, a
 * stock nginx, UFW, an sshd set up as docs/remote.md says): this machine's root file system under an overlay, so
 * every file written inside lands in {@link #upper()} and the real {@code /} never changes, in mount and pid
 * namespaces of its own (everything started inside dies with it) and, with {@link #startIsolated}, a network
 * namespace with only a loopback interface, so firewall rules and listening ports stay inside.
 *
 * <p>What a host has and this one cannot: systemd and a network to install from. A {@code systemctl} stub records its
 * calls in {@code /var/log/overlay-host/systemctl.calls} and fails those listed in
 * {@code /etc/overlay-host/systemctl-fails} (one call a line, as {@code systemctl} got its arguments), and remembers
 * which units were enabled; an {@code apt-get} stub records its calls and marks the packages
 * installed in dpkg's status. Both sit in {@code /usr/local/sbin}, ahead of the real tools on {@code PATH}.
 * {@code /proc/sys} is a copy of this kernel's settings without Yama ({@code kernel.yama.*}, absent on many kernels
 * and containers), so {@code sysctl} inside changes nothing on the real kernel.
 *
 * <p>Must run as root (mounts, namespaces); needs util-linux's unshare and nsenter.
 */
public final class OverlayHost implements AutoCloseable {
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration COMMAND_DEADLINE = Duration.ofMinutes(3);
  private static final String READY = "overlay-host-ready";
  private static final String MARKER = "/etc/overlay-host/marker";
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Pattern SYSCTL_LINE = Pattern.compile("([^ =]+) = (.*)");

  private final Path dir;
  private final Process keeper;
  private final long pid;
  private final boolean ownNetwork;

  private OverlayHost(Path dir, Process keeper, long pid, boolean ownNetwork) {
    this.dir = dir;
    this.keeper = keeper;
    this.pid = pid;
    this.ownNetwork = ownNetwork;
  }

  /** A host that shares this machine's network: what listens inside on 127.0.0.1 is reachable from the test. */
  public static OverlayHost start(Path dir) throws IOException, InterruptedException {
    return start(dir, false);
  }

  /** A host with a network of its own: a loopback interface only, unreachable from the test except through it. */
  public static OverlayHost startIsolated(Path dir) throws IOException, InterruptedException {
    return start(dir, true);
  }

  private static OverlayHost start(Path dir, boolean ownNetwork) throws IOException, InterruptedException {
    Path upper = directory(dir.resolve("upper"));
    Path work = directory(dir.resolve("work"));
    Path merged = directory(dir.resolve("merged"));
    Path sys = directory(dir.resolve("proc-sys"));
    copyKernelSettings(sys);
    writeStubs(upper);
    Path setup = dir.resolve("setup.sh");
    Files.writeString(setup, String.join("\n",
        "set -eu",
        "m=\"$1\"",
        "mount -t overlay overlay -o \"lowerdir=/,upperdir=$2,workdir=$3\" \"$m\"",
        "mount --rbind /dev \"$m/dev\"",
        "mount -t proc proc \"$m/proc\"",
        "mount --bind \"$4\" \"$m/proc/sys\"",
        "mount -t tmpfs -o mode=0755 tmpfs \"$m/run\"",
        "mkdir -p \"$m/run/sshd\" \"$m/run/lock\"",
        "if [ \"$5\" = own ]; then ip link set lo up; fi",
        // The marker comes from inside the chroot: commands may enter only once the keeper's root is the overlay.
        "exec chroot \"$m\" /bin/sh -c 'echo " + READY + "; trap \"exit 0\" TERM; while :; do sleep 3600 & wait $!; done'",
        ""));
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child"));
    if (ownNetwork) {
      command.add("--net");
    }
    command.addAll(List.of("sh", setup.toString(), merged.toString(), upper.toString(), work.toString(),
        sys.toString(), ownNetwork ? "own" : "shared"));
    Process keeper = new ProcessBuilder(command).redirectErrorStream(true).start();
    ProcessOutput output = ProcessOutput.capture(keeper.getInputStream(), "overlay-host-keeper");
    if (output.await(Pattern.compile(READY), START_DEADLINE).isEmpty()) {
      keeper.destroyForcibly();
      throw new IllegalStateException("the overlay host did not start: " + output.text());
    }
    long pid = ProcessHandle.of(keeper.pid()).orElseThrow().children().findFirst()
        .orElseThrow(() -> new IllegalStateException("unshare has no child")).pid();
    return new OverlayHost(dir, keeper, pid, ownNetwork);
  }

  /** A folder created 0755, as the folders of {@code /} are: the overlay takes a folder's mode from its upper one. */
  private static Path directory(Path path) throws IOException {
    Files.createDirectories(path);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }

  /** {@code sysctl -a} as plain files, Yama left out. */
  private static void copyKernelSettings(Path sys) throws IOException {
    CommandRun.Result all = CommandRun.run(List.of("sysctl", "-a"));
    for (String line : all.stdout().split("\n")) {
      var m = SYSCTL_LINE.matcher(line);
      if (!m.matches() || m.group(1).startsWith("kernel.yama.")) {
        continue;
      }
      // sysctl prints a '.' inside a name (an interface eth0.1) as '/'.
      Path file = sys;
      for (String part : m.group(1).split("\\.")) {
        file = file.resolve(part.replace('/', '.'));
      }
      directory(file.getParent());
      Files.writeString(file, m.group(2) + "\n");
    }
  }

  private static void writeStubs(Path upper) throws IOException {
    Path sbin = upper.resolve("usr/local/sbin");
    for (Path p : List.of(upper.resolve("usr"), upper.resolve("usr/local"), sbin, upper.resolve("etc"),
        upper.resolve("etc/overlay-host"))) {
      directory(p);
    }
    Files.writeString(upper.resolve(MARKER.substring(1)), "inside an OverlayHost\n");
    script(sbin.resolve("systemctl"), String.join("\n",
        "#!/bin/sh",
        "# OverlayHost's stand-in for systemd: records the call; fails it when listed in systemctl-fails.",
        "mkdir -p /var/log/overlay-host",
        "echo \"$*\" >>/var/log/overlay-host/systemctl.calls",
        "if grep -qxF -- \"$*\" /etc/overlay-host/systemctl-fails 2>/dev/null; then",
        "  echo \"systemctl $*: failed (OverlayHost)\" >&2",
        "  exit 1",
        "fi",
        "units() { for u in \"$@\"; do case \"$u\" in -*) ;; *) echo \"$u\" ;; esac; done; }",
        "case \"$1\" in",
        "  enable) shift; mkdir -p /var/lib/overlay-host/enabled",
        "    for u in $(units \"$@\"); do touch \"/var/lib/overlay-host/enabled/$u\"; done ;;",
        "  is-enabled) shift; for u in $(units \"$@\"); do [ -e \"/var/lib/overlay-host/enabled/$u\" ] || exit 1; done ;;",
        "  is-active) exit 3 ;;",
        "esac",
        "exit 0",
        ""));
    script(sbin.resolve("apt-get"), String.join("\n",
        "#!/bin/sh",
        "# OverlayHost's stand-in for apt-get (no network inside): marks the packages of `install` installed.",
        "mkdir -p /var/log/overlay-host",
        "echo \"$*\" >>/var/log/overlay-host/apt-get.calls",
        "[ \"${1:-}\" = update ] && exit 0",
        "for p in \"$@\"; do",
        "  case \"$p\" in install|-*) continue ;; esac",
        "  dpkg -s \"$p\" >/dev/null 2>&1 && continue",
        "  printf 'Package: %s\\nStatus: install ok installed\\nPriority: optional\\nArchitecture: all\\n"
            + "Version: 0-overlay\\nMaintainer: OverlayHost\\nDescription: stand-in\\n\\n' \"$p\" "
            + ">>/var/lib/dpkg/status",
        "done",
        ""));
  }

  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** What one command inside did. */
  public record Result(int exit, String stdout, String stderr) {
    public boolean ok() {
      return exit == 0;
    }

    /** Both outputs, for assertion messages. */
    public String output() {
      return stdout + stderr;
    }
  }

  /** Runs {@code script} with {@code sh -c} as root inside the host, in {@code /}, and waits for it. */
  public Result run(String script) {
    return run(script, "");
  }

  /** {@link #run(String)} with {@code stdin} on standard input. */
  public Result run(String script, String stdin) {
    try {
      Path out = Files.createTempFile(dir, "run-out", ".txt");
      Path err = Files.createTempFile(dir, "run-err", ".txt");
      Path in = Files.createTempFile(dir, "run-in", ".txt");
      Files.writeString(in, stdin, StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(enter(script))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile()).start();
      if (!process.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish within " + COMMAND_DEADLINE + " inside the overlay host: " + script);
      }
      Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      for (Path p : List.of(out, err, in)) {
        Files.delete(p);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs {@code script} inside and fails the test unless it exits 0; returns its standard output. */
  public String require(String script) {
    Result result = run(script);
    if (!result.ok()) {
      throw new AssertionError("inside the overlay host, `" + script + "` exited " + result.exit() + ":\n"
          + result.output());
    }
    return result.stdout();
  }

  /** Writes {@code text} to {@code path} inside the host with {@code mode}, creating its folder. */
  public void write(String path, String text, String mode) {
    Result result = run("mkdir -p \"$(dirname '" + path + "')\" && cat >'" + path + "' && chmod " + mode + " '"
        + path + "'", text);
    if (!result.ok()) {
      throw new AssertionError("cannot write " + path + " inside the overlay host: " + result.output());
    }
  }

  /**
   * Starts {@code script} inside in the background (a server in the foreground: nginx, sshd) with its output in
   * {@code output}. It ends with the host at the latest.
   */
  public Process launch(String script, Path output) throws IOException {
    return new ProcessBuilder(enter(script)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private List<String> enter(String script) {
    List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid), "--mount", "--pid"));
    if (ownNetwork) {
      command.add("--net");
    }
    // --root and --wd: the keeper's root, the overlay. The marker check refuses to run anywhere else.
    command.addAll(List.of("--root", "--wd", "/usr/bin/env", "-i", "PATH=" + PATH, "HOME=/root", "LANG=C.UTF-8",
        "/bin/sh", "-c", "[ -f " + MARKER + " ] || { echo 'not inside the overlay host' >&2; exit 125; }\n" + script));
    return command;
  }

  /** Every file written inside so far (the overlay's upper layer): what a scan for leaked data must read. */
  public Path upper() {
    return dir.resolve("upper");
  }

  /** The calls the systemctl stub received, one line each. */
  public List<String> systemctlCalls() throws IOException {
    Path calls = upper().resolve("var/log/overlay-host/systemctl.calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Override
  public void close() {
    keeper.destroy();
    try {
      if (!keeper.waitFor(20, TimeUnit.SECONDS)) {
        keeper.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      keeper.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
