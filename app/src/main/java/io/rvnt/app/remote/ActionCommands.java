package io.rvnt.app.remote;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.AdminCidr;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ops.FleetDeploy;
import io.rvnt.remote.ops.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The actions on hosts. Each runs on the chosen hosts in parallel (one SSH connection each), prints its steps on
 * stderr and one result line per host on stdout, and exits non-zero when any host did not end OK (a rollback
 * included: the requested version is not running).
 */
final class ActionCommands {
  private ActionCommands() {}

  /** Which hosts: names, --all, or --role. */
  static final class Targets {
    @Parameters(paramLabel = "HOST", arity = "0..*", description = "Host names from the inventory.")
    List<String> names;

    @Option(names = "--all", description = "Every host of the inventory.")
    boolean all;

    @Option(names = "--role", paramLabel = "ROLE", description = "Every host of a role: identity-active, "
        + "identity-passive, identity-witness, bootstrap or relay.")
    String role;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "5",
        description = "Hosts handled at once. Default: 5.")
    int parallel;
  }

  private interface PerHost {
    ActionResult run(HostActions actions, Host host, Progress progress, Cancellation cancel) throws RemoteException;
  }

  private abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand RemoteCommand parent;
    @Mixin Targets targets;

    abstract PerHost perHost() throws RemoteException;

    /** Runs the action on every host at once (at most --parallel): every action but deploy. */
    List<ActionResult> runAll(List<Host> hosts, Fleet fleet, HostActions actions, PerHost perHost, Progress progress,
        Cancellation cancel) throws InterruptedException {
      return fleet.run(hosts, spec.name(), host -> {  // the action is the command's name
        try {
          return perHost.run(actions, host, progress, cancel);
        } catch (RemoteException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
    }

    /** Results print their detail on lines of their own (errors, metrics) instead of after the outcome. */
    boolean multiLine() {
      return false;
    }

    @Override
    public Integer call() throws Exception {
      if (targets.parallel < 1 || targets.parallel > 64) {
        throw new IllegalArgumentException("--parallel must be from 1 to 64");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<Host> hosts = Operator.select(Operator.inventory(parent.configDir), targets.names, targets.all,
          targets.role == null ? null : Role.parse(targets.role));
      PerHost perHost = perHost();
      HostActions actions = Operator.actions(parent.configDir, err);
      Cancellation cancel = new Cancellation();
      Progress progress = (host, step) -> {
        synchronized (err) {
          err.println(host + ": " + step);
          err.flush();
        }
      };
      Thread onCtrlC = new Thread(cancel::cancel, "rvnt-cancel");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      ExecutorService executor = Executors.newFixedThreadPool(Math.min(targets.parallel, hosts.size()));
      List<ActionResult> results;
      try {
        results = runAll(hosts, new Fleet(executor), actions, perHost, progress, cancel);
      } finally {
        executor.shutdownNow();
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      }
      boolean allOk = true;
      for (ActionResult r : results) {
        String outcome = r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (multiLine() && r.ok()) {
          out.print(r.detail().endsWith("\n") || r.detail().isEmpty() ? r.detail() : r.detail() + "\n");
        } else {
          out.println(r.host() + ": " + outcome + ": " + r.detail().strip());
        }
        allOk &= r.ok();
      }
      out.flush();
      return allOk ? 0 : 1;
    }
  }

  @Command(name = "provision", mixinStandardHelpOptions = true,
      description = {"Lay out hosts from a release bundle: system user, folders, systemd unit, journald, nginx "
          + "site, sysctl, fail2ban, unattended-upgrades, torrc snippet, firewall script. Idempotent.",
          "In systemd mode it also activates them; UFW rules are applied only with --admin-cidr (the SSH "
              + "allowlist), so SSH is never locked out."})
  static final class Provision extends Base {
    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "rvnt-VERSION.tar.gz.")
    Path bundle;

    @Option(names = "--admin-cidr", paramLabel = "CIDR", description = "Admin address range allowed to SSH (on "
        + "the host's SSH port from the inventory), never banned by fail2ban; repeatable.")
    List<String> adminCidrs;

    @Override
    PerHost perHost() throws RemoteException {
      List<String> cidrs = adminCidrs == null ? List.of() : adminCidrs;
      // Every range is checked before any host is contacted; the host's rvnt-ufw.sh checks again.
      cidrs.forEach(AdminCidr::parse);
      Bundle b = Bundle.of(bundle);
      return (actions, host, progress, cancel) -> actions.provision(host, b, cidrs, progress, cancel);
    }
  }

  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = {"Deploy or upgrade: upload the bundle by SFTP, check its SHA-256 on the host, install it in "
          + "/opt/rvnt/releases/VERSION, switch /opt/rvnt/current, restart, check /health through an SSH port "
          + "forward, and roll back to the previous version if the check fails.",
          "Members of a running identity cluster are upgraded one at a time, each healthy before the next: the "
              + "followers (the witness first), then leadership moves to an upgraded instance, then the old "
              + "leader, and leadership goes back to the active instance; the first member that does not come back "
              + "healthy stops the rest (docs/cluster.md). Other hosts are deployed at once, as before."})
  static final class Deploy extends Base {
    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "rvnt-VERSION.tar.gz.")
    Path bundle;

    private Bundle loaded;

    @Override
    PerHost perHost() throws RemoteException {
      loaded = Bundle.of(bundle);
      return (actions, host, progress, cancel) -> actions.deploy(host, loaded, progress, cancel);
    }

    @Override
    List<ActionResult> runAll(List<Host> hosts, Fleet fleet, HostActions actions, PerHost perHost,
        Progress progress, Cancellation cancel) throws InterruptedException {
      return new FleetDeploy(actions, fleet).deploy(hosts, loaded, progress, cancel);
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the host's service.")
  static final class Start extends Base {
    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> actions.start(host, progress, cancel);
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the host's service.")
  static final class Stop extends Base {
    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> actions.stop(host, progress, cancel);
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart the host's service.")
  static final class Restart extends Base {
    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> actions.restart(host, progress, cancel);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Whether the service runs, which version is current, and the alerts its metrics raise (the "
          + "thresholds of packaging/monitoring/rvnt-alerts.yml, as the console's Alerts screen).")
  static final class Status extends Base {
    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> HostAlerts.withAlerts(actions.status(host, progress, cancel),
          () -> actions.metricsSnapshot(host, progress, cancel));
    }
  }

  @Command(name = "health", mixinStandardHelpOptions = true,
      description = "GET /health on the service's loopback admin listener, through an SSH port forward.")
  static final class Health extends Base {
    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> actions.health(host, progress, cancel);
    }
  }

  @Command(name = "errors", mixinStandardHelpOptions = true,
      description = "The service's most recent log lines (journal, or plain-mode output): warnings and errors "
          + "only, never request data.")
  static final class Errors extends Base {
    @Option(names = "--lines", paramLabel = "N", defaultValue = "50", description = "How many. Default: 50.")
    int lines;

    @Override
    boolean multiLine() {
      return true;
    }

    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> actions.recentErrors(host, lines, progress, cancel);
    }
  }

  @Command(name = "metrics", mixinStandardHelpOptions = true,
      description = "The service's aggregate metrics (Prometheus text) from its loopback admin listener, through "
          + "an SSH port forward: the admin port is never exposed.")
  static final class Metrics extends Base {
    @Override
    boolean multiLine() {
      return true;
    }

    @Override
    PerHost perHost() {
      return (actions, host, progress, cancel) -> actions.metrics(host, progress, cancel);
    }
  }
}
