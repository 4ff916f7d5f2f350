package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.ssh.ExecResult;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Shell;
import java.util.Optional;

/**
 * Deploy or upgrade on one host: stage the bundle, install it into releases/VERSION, switch {@code current} to it,
 * restart and wait for health; when the new release does not start or is unhealthy, switch back to the previous one
 * and restart it.
 * Thread-safe.
 */
final class Deployment {
  private final HealthWait health;

  Deployment(HealthWait health) {
    this.health = health;
  }

  ActionResult deploy(RemoteSession session, Bundle bundle, Progress progress, Cancellation cancel)
      throws RemoteException {
    Host host = session.host();
    HostLayout layout = new HostLayout(host);
    try (StagedBundle staged = BundleStaging.stage(session, layout, bundle, progress, cancel)) {
      progress.step(host.name(), "installing release " + bundle.version());
      ExecResult installed = session.exec(staged.install("release"));
      if (!installed.ok()) {
        staged.discard();
        throw new RemoteException(Reason.COMMAND_FAILED, host.name() + ": install failed: " + installed.reason());
      }
      String release = installed.stdout().strip();
      if (!release.endsWith("/opt/rvnt/releases/" + bundle.version())) {
        staged.discard();
        throw new RemoteException(Reason.BAD_BUNDLE, host.name() + ": bundle says it is " + release
            + ", its file name says " + bundle.version());
      }
    }
    String previous = session.exec("readlink " + layout.current()).stdout().strip();
    String target = "releases/" + bundle.version();
    cancel.check(host.name());
    progress.step(host.name(), "switching to " + bundle.version());
    switchTo(session, layout, target);
    Optional<String> problem = restart(session, layout, progress);
    if (problem.isEmpty()) {
      return new ActionResult(host.name(), "deploy", Outcome.OK, bundle.version(),
          bundle.version() + " running and healthy" + (previous.isEmpty() || previous.equals(target) ? ""
              : " (previous: " + previous.replace("releases/", "") + ")"));
    }
    // rvnt-service (and the journal) keep the failed run's output: `errors` shows why after the rollback too.
    String failed = bundle.version() + " " + problem.get();
    if (previous.isEmpty() || previous.equals(target)) {
      session.exec(layout.service("stop"));
      return new ActionResult(host.name(), "deploy", Outcome.FAILED, bundle.version(),
          failed + " and there is no other version to roll back to; stopped");
    }
    String back = previous.replace("releases/", "");
    progress.step(host.name(), "rolling back to " + back);
    switchTo(session, layout, previous);
    Optional<String> again = restart(session, layout, progress);
    if (again.isPresent()) {
      return new ActionResult(host.name(), "deploy", Outcome.FAILED, bundle.version(),
          failed + "; rolled back to " + back + ", but " + back + " " + again.get() + " too");
    }
    return new ActionResult(host.name(), "deploy", Outcome.ROLLED_BACK, bundle.version(),
        failed + "; rolled back to " + back + ", which is healthy");
  }

  /**
   * Restarts the service on the release {@code current} points to and waits for its health. Empty when it is
   * healthy; else what went wrong: the restart itself failed (the unit or the plain-mode script could not start
   * it), or it started and is not healthy. Either way the caller rolls back.
   */
  private Optional<String> restart(RemoteSession session, HostLayout layout, Progress progress)
      throws RemoteException {
    String name = session.host().name();
    progress.step(name, "restarting");
    ExecResult restarted = session.exec(layout.service("restart"));
    if (!restarted.ok()) {
      return Optional.of("did not start (" + restarted.reason() + ")");
    }
    progress.step(name, "health check");
    return health.problem(session, layout, progress).map(why -> "is unhealthy (" + why + ")");
  }

  /** An atomic switch: a new symlink renamed over the old one, so {@code current} is never missing. */
  private static void switchTo(RemoteSession session, HostLayout layout, String target) throws RemoteException {
    session.run("switch", "ln -sfn " + Shell.quote(target) + " " + layout.opt("/current.new") + " && mv -Tf "
        + layout.opt("/current.new") + " " + layout.current());
  }
}
