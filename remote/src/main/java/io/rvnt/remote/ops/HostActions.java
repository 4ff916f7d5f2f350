package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.ExecResult;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Shell;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.Tunnel;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The operator's actions on one host (issue 7): provision, deploy or upgrade with rollback, start, stop, restart,
 * status, recent errors, health and metrics through a port forward. Each returns an {@link ActionResult} and never
 * throws; each reports its steps to a {@link Progress} and honours a {@link Cancellation} between steps. Changes
 * (provision, deploy, start, stop, restart) are recorded in the operator's {@link ActionLog}.
 *
 * <p>Thread-safe: every call opens its own SSH connection, so a {@link Fleet} runs one per host in parallel.
 */
public final class HostActions {
  private final SshConnector connector;
  private final Credentials credentials;
  private final ActionLog log;
  private final HealthSettings health;
  private final Clock clock;

  public HostActions(
      SshConnector connector, Credentials credentials, ActionLog log, HealthSettings health, Clock clock) {
    this.connector = connector;
    this.credentials = credentials;
    this.log = log;
    this.health = health;
    this.clock = clock;
  }

  /**
   * Lays out the host from {@code bundle}'s install.sh (idempotent: a second run changes nothing). In systemd mode
   * it also activates units and hardening; {@code adminCidrs} (may be empty) become the SSH allowlist of UFW.
   */
  public ActionResult provision(Host host, Bundle bundle, List<String> adminCidrs, Progress progress,
      Cancellation cancel) {
    return logged("provision", host, bundle.version(), () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        HostLayout layout = new HostLayout(host);
        String folder = stage(session, layout, bundle, progress, cancel);
        progress.step(host.name(), "installing files");
        StringBuilder args = new StringBuilder("provision --role " + host.role().service() + " --mode "
            + host.mode().label());
        for (String cidr : adminCidrs) {
          args.append(" --admin-cidr ").append(Shell.quote(cidr));
        }
        ExecResult result = session.run("provision", layout.install(folder, args.toString()));
        cleanUp(session, layout, bundle);
        long changed = result.stdout().lines().filter(l -> !l.startsWith("unchanged") && !l.startsWith("kept")
            && !l.startsWith("provisioned")).count();
        return new ActionResult(host.name(), "provision", Outcome.OK, bundle.version(),
            changed == 0 ? "already provisioned, nothing changed" : changed + " changes");
      }
    });
  }

  /**
   * Deploys or upgrades: upload, SHA-256 check, install into releases/VERSION, switch {@code current}, restart,
   * health check; when the new version is unhealthy, switch back to the previous one and restart it.
   */
  public ActionResult deploy(Host host, Bundle bundle, Progress progress, Cancellation cancel) {
    return logged("deploy", host, bundle.version(), () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        HostLayout layout = new HostLayout(host);
        String folder = stage(session, layout, bundle, progress, cancel);
        progress.step(host.name(), "installing release " + bundle.version());
        String release = session.run("install", layout.install(folder, "release")).stdout().strip();
        String expected = "/opt/rvnt/releases/" + bundle.version();
        if (!release.endsWith(expected)) {
          throw new RemoteException(Reason.BAD_BUNDLE, host.name() + ": bundle says it is " + release
              + ", its file name says " + bundle.version());
        }
        cleanUp(session, layout, bundle);
        String previous = session.exec("readlink " + layout.current()).stdout().strip();
        String target = "releases/" + bundle.version();
        cancel.check(host.name());
        progress.step(host.name(), "switching to " + bundle.version());
        switchTo(session, layout, target);
        progress.step(host.name(), "restarting");
        session.run("restart", layout.service("restart"));
        progress.step(host.name(), "health check");
        String problem = unhealthy(session, layout, progress);
        if (problem == null) {
          return new ActionResult(host.name(), "deploy", Outcome.OK, bundle.version(),
              bundle.version() + " running and healthy" + (previous.isEmpty() || previous.equals(target) ? ""
                  : " (previous: " + previous.replace("releases/", "") + ")"));
        }
        if (previous.isEmpty() || previous.equals(target)) {
          session.exec(layout.service("stop"));
          return new ActionResult(host.name(), "deploy", Outcome.FAILED, bundle.version(),
              bundle.version() + " is unhealthy (" + problem + ") and there is no other version to roll back to;"
                  + " stopped");
        }
        String back = previous.replace("releases/", "");
        progress.step(host.name(), "rolling back to " + back);
        switchTo(session, layout, previous);
        session.run("restart", layout.service("restart"));
        String again = unhealthy(session, layout, progress);
        if (again != null) {
          return new ActionResult(host.name(), "deploy", Outcome.FAILED, bundle.version(), bundle.version()
              + " is unhealthy (" + problem + "); rolled back to " + back + ", which is unhealthy too (" + again
              + ")");
        }
        return new ActionResult(host.name(), "deploy", Outcome.ROLLED_BACK, bundle.version(),
            bundle.version() + " is unhealthy (" + problem + "); rolled back to " + back + ", which is healthy");
      }
    });
  }

  public ActionResult start(Host host, Progress progress, Cancellation cancel) {
    return control("start", host, progress, cancel);
  }

  public ActionResult stop(Host host, Progress progress, Cancellation cancel) {
    return control("stop", host, progress, cancel);
  }

  public ActionResult restart(Host host, Progress progress, Cancellation cancel) {
    return control("restart", host, progress, cancel);
  }

  /** {@code active (pid N)} or {@code inactive}, with the running version; OK either way. */
  public ActionResult status(Host host, Progress progress, Cancellation cancel) {
    return unlogged("status", host, () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        HostLayout layout = new HostLayout(host);
        ExecResult status = session.exec(layout.service("status"));
        if (status.exitStatus() != 0 && status.exitStatus() != 3) {
          throw new RemoteException(Reason.COMMAND_FAILED, host.name() + ": status failed: " + status.reason());
        }
        String version = session.exec("readlink " + layout.current()).stdout().strip().replace("releases/", "");
        return new ActionResult(host.name(), "status", Outcome.OK, version, status.stdout().strip()
            + (version.isEmpty() ? ", nothing deployed" : ", version " + version));
      }
    });
  }

  /** The service's most recent output lines (journal or plain-mode output): warnings and errors only by design. */
  public ActionResult recentErrors(Host host, int lines, Progress progress, Cancellation cancel) {
    if (lines < 1 || lines > 10_000) {
      return new ActionResult(host.name(), "errors", Outcome.FAILED, "", "lines must be from 1 to 10000");
    }
    return unlogged("errors", host, () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        HostLayout layout = new HostLayout(host);
        ExecResult result = session.run("errors", new HostLayout(host).service("errors " + lines));
        return new ActionResult(host.name(), "errors", Outcome.OK, "", result.stdout());
      }
    });
  }

  /** The service's aggregate metrics (Prometheus text) from its loopback admin listener, through an SSH forward. */
  public ActionResult metrics(Host host, Progress progress, Cancellation cancel) {
    return adminGet("metrics", "/metrics", host, progress, cancel);
  }

  /** {@code GET /health} on the admin listener, through an SSH forward. */
  public ActionResult health(Host host, Progress progress, Cancellation cancel) {
    return adminGet("health", "/health", host, progress, cancel);
  }

  private ActionResult adminGet(String action, String path, Host host, Progress progress, Cancellation cancel) {
    return unlogged(action, host, () -> {
      try (RemoteSession session = connect(host, progress, cancel);
          Tunnel tunnel = session.forward(host.adminPort())) {
        progress.step(host.name(), "GET " + path + " through the SSH forward");
        AdminHttp.Response response = new AdminHttp(health.requestTimeout()).get(tunnel.localPort(), path);
        if (response.status() != 200) {
          throw new RemoteException(Reason.UNHEALTHY, host.name() + ": " + path + " answered " + response.status());
        }
        return new ActionResult(host.name(), action, Outcome.OK, "", response.body());
      } catch (IOException e) {
        throw new RemoteException(Reason.UNHEALTHY, host.name() + ": admin listener not reachable ("
            + e.getClass().getSimpleName() + ")", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteException(Reason.CANCELLED, host.name() + ": interrupted", e);
      }
    });
  }

  private ActionResult control(String action, Host host, Progress progress, Cancellation cancel) {
    return logged(action, host, "", () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        progress.step(host.name(), action);
        ExecResult result = session.run(action, new HostLayout(host).service(action));
        return new ActionResult(host.name(), action, Outcome.OK, "", result.stdout().strip());
      }
    });
  }

  private RemoteSession connect(Host host, Progress progress, Cancellation cancel) throws RemoteException {
    cancel.check(host.name());
    progress.step(host.name(), "connecting");
    return connector.open(host, credentials);
  }

  /**
   * Uploads the bundle into incoming (skipped when the same bytes are already there), checks its SHA-256 on the
   * host, and unpacks it. Returns the unpacked folder's name.
   */
  private String stage(RemoteSession session, HostLayout layout, Bundle bundle, Progress progress,
      Cancellation cancel) throws RemoteException {
    String name = session.host().name();
    String archive = bundle.file().getFileName().toString();
    session.run("prepare", "mkdir -p " + layout.incoming() + " && chmod 0700 " + layout.incoming());
    if (!bundle.sha256().equals(remoteSha256(session, layout.incoming(archive)))) {
      cancel.check(name);
      progress.step(name, "uploading " + archive);
      String part = session.host().prefix() + "/opt/rvnt/incoming/" + archive + ".part";
      upload(session, bundle, part, progress);
      progress.step(name, "checking SHA-256");
      String uploaded = remoteSha256(session, Shell.quote(part));
      if (!bundle.sha256().equals(uploaded)) {
        session.exec("rm -f " + Shell.quote(part));
        throw new RemoteException(Reason.CHECKSUM_MISMATCH, name + ": uploaded bundle has SHA-256 " + uploaded
            + ", expected " + bundle.sha256());
      }
      session.run("upload", "mv -f " + Shell.quote(part) + " " + layout.incoming(archive));
    } else {
      progress.step(name, archive + " already uploaded, SHA-256 matches");
    }
    cancel.check(name);
    progress.step(name, "unpacking");
    session.run("unpack", "rm -rf " + layout.incoming(bundle.folder()) + " && tar -xzf " + layout.incoming(archive)
        + " -C " + layout.incoming());
    return bundle.folder();
  }

  /** Sends the bundle to {@code part} on the host, reporting progress. */
  private static void upload(RemoteSession session, Bundle bundle, String part, Progress progress)
      throws RemoteException {
    String name = session.host().name();
    String archive = bundle.file().getFileName().toString();
    long size = bundle.file().toFile().length();
    long[] reported = {0};
    LongConsumer sentBytes = sent -> {
      // Every tenth of the way, so a slow link shows it is moving.
      long tenth = size == 0 ? 10 : sent * 10 / size;
      if (tenth > reported[0]) {
        reported[0] = tenth;
        progress.step(name, "uploaded " + tenth * 10 + "%");
      }
    };
    if (session.privileged()) {
      session.upload(bundle.file(), part, sentBytes);
    } else {
      // SFTP runs as the login user, who cannot write root's incoming folder: stage in a 0700 folder of its home,
      // then move as root. The SHA-256 is checked after the move, where only root can change the file.
      String home = session.execAsLoginUser("printf %s \"$HOME\"").stdout();
      String staging = home + "/.rvnt-upload";
      ExecResult made = session.execAsLoginUser("mkdir -p -m 0700 " + Shell.quote(staging));
      if (!made.ok()) {
        throw new RemoteException(Reason.COMMAND_FAILED,
            name + ": cannot create " + staging + ": " + made.reason());
      }
      session.upload(bundle.file(), staging + "/" + archive + ".part", sentBytes);
      session.run("move upload", "mv -f " + Shell.quote(staging + "/" + archive + ".part") + " "
          + Shell.quote(part));
    }
  }

  private static String remoteSha256(RemoteSession session, String quotedPath) throws RemoteException {
    ExecResult result = session.exec("[ -f " + quotedPath + " ] && sha256sum " + quotedPath);
    if (!result.ok()) {
      return "";
    }
    String out = result.stdout().strip();
    int space = out.indexOf(' ');
    return space < 0 ? "" : out.substring(0, space);
  }

  private static void cleanUp(RemoteSession session, HostLayout layout, Bundle bundle) throws RemoteException {
    session.exec("rm -rf " + layout.incoming(bundle.folder()));
  }

  /** An atomic switch: a new symlink renamed over the old one, so {@code current} is never missing. */
  private static void switchTo(RemoteSession session, HostLayout layout, String target) throws RemoteException {
    session.run("switch", "ln -sfn " + Shell.quote(target) + " " + layout.opt("/current.new") + " && mv -Tf "
        + layout.opt("/current.new") + " " + layout.current());
  }

  /** Null when the service answers {@code /health} with 200 before the deadline, else why not. */
  private String unhealthy(RemoteSession session, HostLayout layout, Progress progress) throws RemoteException {
    Host host = session.host();
    AdminHttp http = new AdminHttp(health.requestTimeout());
    Instant deadline = clock.instant().plus(health.deadline());
    String last = "no answer";
    try (Tunnel tunnel = session.forward(host.adminPort())) {
      while (clock.instant().isBefore(deadline)) {
        try {
          AdminHttp.Response response = http.get(tunnel.localPort(), "/health");
          if (response.status() == 200) {
            progress.step(host.name(), "healthy");
            return null;
          }
          last = "health answered " + response.status();
        } catch (IOException e) {
          last = "admin listener not reachable";
        }
        if (!session.exec(layout.service("status")).ok()) {
          return "the service exited";
        }
        Thread.sleep(health.interval().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    return last + " within " + health.deadline().toSeconds() + " s";
  }

  private interface Body {
    ActionResult run() throws RemoteException;
  }

  private ActionResult unlogged(String action, Host host, Body body) {
    try {
      return body.run();
    } catch (RemoteException e) {
      return new ActionResult(host.name(), action,
          e.reason() == Reason.CANCELLED ? Outcome.CANCELLED : Outcome.FAILED, "", e.getMessage());
    } catch (RuntimeException e) {
      return new ActionResult(host.name(), action, Outcome.FAILED, "", host.name() + ": " + e);
    }
  }

  private ActionResult logged(String action, Host host, String version, Body body) {
    ActionResult result = unlogged(action, host, body);
    try {
      log.record(action, host.name(), version, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
    } catch (RemoteException e) {
      return new ActionResult(result.host(), action, result.outcome(), result.version(),
          result.detail() + " (action log not written: " + e.getMessage() + ")");
    }
    return result;
  }
}
