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
import java.util.List;

/**
 * The operator's actions on one host (issue 7): provision, deploy or upgrade with rollback, start, stop, restart,
 * status, recent errors, health and metrics through a port forward. Each returns an {@link ActionResult} and never
 * throws; each reports its steps to a {@link Progress} and honours a {@link Cancellation} between steps. Changes
 * (provision, deploy, start, stop, restart) are recorded in the operator's {@link ActionLog}.
 *
 * <p>Deployment with its rollback is {@link Deployment}, bringing a bundle onto the host {@link BundleStaging}, a
 * cluster member's leadership {@link LeadershipMove}; the order of a rolling deploy is {@link RollingPlan}'s.
 *
 * <p>Thread-safe: every call opens its own SSH connection, so a {@link Fleet} runs one per host in parallel.
 */
public final class HostActions {
  private final SshConnector connector;
  private final Credentials credentials;
  private final ActionLogging logging;
  private final HealthSettings health;
  private final Deployment deployment;
  private final LeadershipMove leadershipMove;

  public HostActions(
      SshConnector connector, Credentials credentials, ActionLog log, HealthSettings health, Clock clock) {
    this.connector = connector;
    this.credentials = credentials;
    this.logging = new ActionLogging(log);
    this.health = health;
    this.deployment = new Deployment(new HealthWait(health, clock));
    this.leadershipMove = new LeadershipMove(health.requestTimeout(), clock);
  }

  /**
   * Lays out the host from {@code bundle}'s install.sh (idempotent: a second run changes nothing). In systemd mode
   * it also activates units and hardening; {@code adminCidrs} (may be empty) become the SSH allowlist of UFW, on the
   * host's SSH port. Every CIDR is checked before the host is contacted. install.sh reports each step; a failed step
   * fails the provision with install.sh's reasons.
   */
  public ActionResult provision(Host host, Bundle bundle, List<String> adminCidrs, Progress progress,
      Cancellation cancel) {
    return logging.logged("provision", host, bundle.version(), () -> {
      List<AdminCidr> cidrs;
      try {
        cidrs = adminCidrs.stream().map(AdminCidr::parse).toList();
      } catch (IllegalArgumentException e) {
        throw new RemoteException(Reason.BAD_INVENTORY, host.name() + ": " + e.getMessage(), e);
      }
      try (RemoteSession session = connect(host, progress, cancel);
          StagedBundle staged = BundleStaging.stage(session, new HostLayout(host), bundle, progress, cancel)) {
        progress.step(host.name(), "installing files");
        StringBuilder args = new StringBuilder("provision --role " + host.role().service() + " --mode "
            + host.mode().label() + " --ssh-port " + host.port());
        for (AdminCidr cidr : cidrs) {
          args.append(" --admin-cidr ").append(Shell.quote(cidr.text()));
        }
        ExecResult result = session.exec(staged.install(args.toString()));
        if (result.exitStatus() == StagedBundle.DAMAGED) {
          staged.discard();
        }
        if (!result.ok()) {
          throw new RemoteException(Reason.COMMAND_FAILED, host.name() + ": provision failed: "
              + result.reason().replaceFirst("^provision failed: ", ""));
        }
        return new ActionResult(host.name(), "provision", Outcome.OK, bundle.version(), summary(result.stdout()));
      }
    });
  }

  /** install.sh's last line, {@code provisioned ROLE (MODE): nothing changed} or {@code ...: N changes}. */
  private static String summary(String installOutput) {
    String last = installOutput.strip().lines().reduce((first, second) -> second).orElse("");
    int colon = last.lastIndexOf(": ");
    if (!last.startsWith("provisioned ") || colon < 0) {
      return last;
    }
    String what = last.substring(colon + 2);
    return what.equals("nothing changed") ? "already provisioned, nothing changed" : what;
  }

  /**
   * Deploys or upgrades: upload, SHA-256 check, install into releases/VERSION, switch {@code current}, restart,
   * health check; when the new version does not start or is unhealthy, switch back to the previous one and restart
   * it.
   */
  public ActionResult deploy(Host host, Bundle bundle, Progress progress, Cancellation cancel) {
    return logging.logged("deploy", host, bundle.version(), () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        return deployment.deploy(session, bundle, progress, cancel);
      }
    });
  }

  /**
   * Whether the host's identity server leads the cluster, follows, runs alone, or does not answer, from its
   * {@code /metrics} through an SSH forward: what a deploy reads before it upgrades cluster members one at a time.
   */
  public Leadership leadership(Host host, Progress progress, Cancellation cancel) {
    ActionResult metrics = metrics(host, progress, cancel);
    return metrics.ok() ? Leadership.fromMetrics(metrics.detail()) : Leadership.DOWN;
  }

  /**
   * Makes {@code host}, a cluster member, the identity cluster's leader through its admin listener, as {@code
   * ./rvnt cluster transfer-leadership} does (docs/cluster.md); OK once it leads, else the member's reason.
   */
  public ActionResult transferLeadership(Host host, Progress progress, Cancellation cancel) {
    return logging.logged(RollingDeploy.MOVE, host, "", () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        String answer = leadershipMove.to(session, progress);
        progress.step(host.name(), answer);
        return new ActionResult(host.name(), RollingDeploy.MOVE, Outcome.OK, "", answer);
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
    return logging.unlogged("status", host, () -> {
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
    return logging.unlogged("errors", host, () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        ExecResult result = session.run("errors", new HostLayout(host).service("errors " + lines));
        return new ActionResult(host.name(), "errors", Outcome.OK, "", result.stdout());
      }
    });
  }

  /** The service's aggregate metrics (Prometheus text) from its loopback admin listener, through an SSH forward. */
  public ActionResult metrics(Host host, Progress progress, Cancellation cancel) {
    return adminGet("metrics", "/metrics", host, progress, cancel);
  }

  /**
   * The service's aggregate metrics snapshot ({@code /metrics.pb}, rvnt.metrics.v1.MetricsSnapshot) through an SSH
   * forward, for {@code rvnt remote status}'s alert checks; unlogged like every read.
   *
   * @throws RemoteException UNHEALTHY when the admin listener does not answer 200
   */
  public byte[] metricsSnapshot(Host host, Progress progress, Cancellation cancel) throws RemoteException {
    AdminHttp.BinaryResponse response = throughForward("/metrics.pb", host, progress, cancel,
        (http, port) -> http.getBytes(port, "/metrics.pb"));
    if (response.status() != 200) {
      throw new RemoteException(Reason.UNHEALTHY, host.name() + ": /metrics.pb answered " + response.status());
    }
    return response.body();
  }

  /** {@code GET /health} on the admin listener, through an SSH forward. */
  public ActionResult health(Host host, Progress progress, Cancellation cancel) {
    return adminGet("health", host.role().healthPath(), host, progress, cancel);
  }

  private ActionResult adminGet(String action, String path, Host host, Progress progress, Cancellation cancel) {
    return logging.unlogged(action, host, () -> {
      AdminHttp.Response response = throughForward(path, host, progress, cancel, (http, port) -> http.get(port, path));
      if (response.status() != 200) {
        throw new RemoteException(Reason.UNHEALTHY, host.name() + ": " + path + " answered " + response.status());
      }
      return new ActionResult(host.name(), action, Outcome.OK, "", response.body());
    });
  }

  /** One GET on the admin listener. */
  private interface AdminGet<T> {
    T get(AdminHttp http, int localPort) throws IOException, InterruptedException;
  }

  /** Opens a session and a forward to the host's loopback admin listener, and runs one GET through it. */
  private <T> T throughForward(String path, Host host, Progress progress, Cancellation cancel, AdminGet<T> get)
      throws RemoteException {
    try (RemoteSession session = connect(host, progress, cancel);
        Tunnel tunnel = session.forward(host.adminPort())) {
      progress.step(host.name(), "GET " + path + " through the SSH forward");
      return get.get(new AdminHttp(health.requestTimeout()), tunnel.localPort());
    } catch (IOException e) {
      throw new RemoteException(Reason.UNHEALTHY, host.name() + ": admin listener not reachable ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(Reason.CANCELLED, host.name() + ": interrupted", e);
    }
  }

  private ActionResult control(String action, Host host, Progress progress, Cancellation cancel) {
    return logging.logged(action, host, "", () -> {
      try (RemoteSession session = connect(host, progress, cancel)) {
        progress.step(host.name(), action);
        ExecResult result = session.run(action, new HostLayout(host).service(action));
        return new ActionResult(host.name(), action, Outcome.OK, "", result.stdout().strip());
      }
    });
  }

  /** One login per action: every step of the action runs in this session (a TOTP host asks one code per action). */
  private RemoteSession connect(Host host, Progress progress, Cancellation cancel) throws RemoteException {
    cancel.check(host.name());
    return connector.open(host, credentials, notice -> progress.step(host.name(), notice));
  }
}
