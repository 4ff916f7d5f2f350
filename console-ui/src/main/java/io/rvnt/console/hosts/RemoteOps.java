package io.rvnt.console.hosts;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.HostKeyDecision;
import io.rvnt.remote.ssh.RemoteSession;
import java.util.List;
import java.util.Optional;

/**
 * What the Hosts screen asks of the remote services: {@link SshRemoteOps} over sshj in the console, fakes in the
 * view-model tests. Every call blocks; the view model makes them off the FX thread.
 */
public interface RemoteOps {
  /** The fingerprint to pin: from known_hosts, or accepted by {@code decision}; refused keys throw. */
  String learnHostKey(Host host, HostKeyDecision decision) throws RemoteException;

  /** Runs one action on one host; never throws, the result says how it ended. */
  ActionResult run(HostAction action, Host host, Optional<Bundle> bundle, Credentials credentials,
      Progress progress, Cancellation cancel);

  /**
   * Deploys {@code bundle} on {@code hosts} as {@code ./rvnt remote deploy} does: a running identity cluster's
   * members one at a time, leader last ({@code FleetDeploy}), the other hosts at once on {@code fleet}. Never throws
   * but when interrupted; the results say how each host ended.
   */
  List<ActionResult> deploy(List<Host> hosts, Bundle bundle, Credentials credentials, Fleet fleet, Progress progress,
      Cancellation cancel) throws InterruptedException;

  /** An authenticated session kept open to watch the host's metrics through a port forward. */
  RemoteSession open(Host host, Credentials credentials) throws RemoteException;
}
