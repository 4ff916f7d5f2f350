package io.rvnt.app.remote;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.alerts.AlertRules;
import io.rvnt.operator.alerts.Condition;
import io.rvnt.operator.alerts.Thresholds;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.metrics.AdminClient;
import io.rvnt.operator.metrics.Health;
import io.rvnt.remote.RemoteException;
import io.rvnt.remote.ops.ActionResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code rvnt remote status}'s alert column: the host's metrics snapshot judged by the same {@link AlertRules} as the
 * console's Alerts screen. One snapshot gives no rate over the last minutes, so the error rate is the share since
 * the service started; the console, which keeps a history, judges it over the rule's window.
 */
final class HostAlerts {
  private HostAlerts() {}

  interface Snapshot {
    byte[] fetch() throws RemoteException;
  }

  /** {@code status} with "; alerts: ..." appended when the service is active. */
  static ActionResult withAlerts(ActionResult status, Snapshot snapshot) {
    if (!status.ok() || !status.detail().startsWith("active")) {
      return status;
    }
    AlertRules rules = new AlertRules(Thresholds.DEFAULTS);
    List<Condition> conditions;
    try {
      conditions = rules.instance(status.host(), InstanceState.RUNNING, Health.HEALTHY,
          List.of(AdminClient.parse(snapshot.fetch())));
    } catch (RemoteException | OperatorException e) {
      conditions = rules.instance(status.host(), InstanceState.RUNNING, Health.UNHEALTHY, List.of());
    }
    String alerts = conditions.isEmpty() ? "none" : conditions.stream()
        .map(c -> c.kind().ruleName() + " (" + c.detail() + ")").collect(Collectors.joining(", "));
    return new ActionResult(status.host(), status.action(), status.outcome(), status.version(),
        status.detail() + "; alerts: " + alerts);
  }
}
