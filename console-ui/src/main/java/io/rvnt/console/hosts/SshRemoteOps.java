package io.rvnt.console.hosts;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import io.rvnt.remote.ops.FleetDeploy;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ops.Outcome;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.HostKeyDecision;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.SshConnector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link RemoteOps} over the remote module's services, exactly as {@code ./rvnt remote ...} uses them. */
public final class SshRemoteOps implements RemoteOps {
  /** As many lines as {@code ./rvnt remote errors} shows by default. */
  static final int ERROR_LINES = 50;

  private final SshConnector connector;
  private final ActionLog log;
  private final HealthSettings health;
  private final Clock clock;
  private final Path knownHosts;

  /** {@code knownHosts} may be null: then every first-use key is the operator's decision. */
  public SshRemoteOps(SshConnector connector, ActionLog log, HealthSettings health, Clock clock, Path knownHosts) {
    this.connector = connector;
    this.log = log;
    this.health = health;
    this.clock = clock;
    this.knownHosts = knownHosts;
  }

  @Override
  public String learnHostKey(Host host, HostKeyDecision decision) throws RemoteException {
    return connector.learnHostKey(host, knownHosts, decision);
  }

  @Override
  public ActionResult run(HostAction action, Host host, Optional<Bundle> bundle, Credentials credentials,
      Progress progress, Cancellation cancel) {
    HostActions actions = new HostActions(connector, credentials, log, health, clock);
    if (action.needsBundle() && bundle.isEmpty()) {
      return new ActionResult(host.name(), action.name().toLowerCase(), Outcome.FAILED, "",
          "choose a release bundle (rvnt-VERSION.tar.gz) first");
    }
    return switch (action) {
      case PROVISION -> actions.provision(host, bundle.get(), List.of(), progress, cancel);
      case DEPLOY -> actions.deploy(host, bundle.get(), progress, cancel);
      case START -> actions.start(host, progress, cancel);
      case STOP -> actions.stop(host, progress, cancel);
      case RESTART -> actions.restart(host, progress, cancel);
      case STATUS -> actions.status(host, progress, cancel);
      case ERRORS -> actions.recentErrors(host, ERROR_LINES, progress, cancel);
    };
  }

  @Override
  public List<ActionResult> deploy(List<Host> hosts, Bundle bundle, Credentials credentials, Fleet fleet,
      Progress progress, Cancellation cancel) throws InterruptedException {
    return new FleetDeploy(new HostActions(connector, credentials, log, health, clock), fleet)
        .deploy(hosts, bundle, progress, cancel);
  }

  @Override
  public RemoteSession open(Host host, Credentials credentials) throws RemoteException {
    return connector.open(host, credentials);
  }
}
