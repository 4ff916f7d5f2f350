package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.log.ActionLog;
import java.util.Locale;

/**
 * Turns an action's work into its {@link ActionResult}, so that no action throws, and records the actions that change
 * a host in the operator's {@link ActionLog}. Thread-safe.
 */
final class ActionLogging {
  /** The work of one action; a {@link RemoteException} becomes a failed (or cancelled) result. */
  interface Body {
    ActionResult run() throws RemoteException;
  }

  private final ActionLog log;

  ActionLogging(ActionLog log) {
    this.log = log;
  }

  /** Runs an action that changes nothing on the host (status, errors, health, metrics). */
  ActionResult unlogged(String action, Host host, Body body) {
    try {
      return body.run();
    } catch (RemoteException e) {
      return new ActionResult(host.name(), action,
          e.reason() == Reason.CANCELLED ? Outcome.CANCELLED : Outcome.FAILED, "", e.getMessage());
    } catch (RuntimeException e) {
      return new ActionResult(host.name(), action, Outcome.FAILED, "", host.name() + ": " + e);
    }
  }

  /** Runs a change (provision, deploy, start, stop, restart) and records its outcome, whatever it is. */
  ActionResult logged(String action, Host host, String version, Body body) {
    ActionResult result = unlogged(action, host, body);
    try {
      log.record(action, host.name(), version, result.outcome().name().toLowerCase(Locale.ROOT));
    } catch (RemoteException e) {
      return new ActionResult(result.host(), action, result.outcome(), result.version(),
          result.detail() + " (action log not written: " + e.getMessage() + ")");
    }
    return result;
  }
}
