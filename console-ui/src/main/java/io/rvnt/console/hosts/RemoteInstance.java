package io.rvnt.console.hosts;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.instances.Role;
import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Tunnel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * A service on an inventory host, shown beside the sandbox's processes through the same {@link Instance} model
 * (issue 6: local and remote instances are the same kind of thing on screen). While the operator watches it, one
 * authenticated SSH session stays open with a forward to the host's loopback admin listener, and the instance
 * announces that forward as its {@code admin} endpoint: the console's metrics polling reads it like a local one, and
 * no admin port is ever exposed. Start, stop and restart are the remote services' actions. Thread-safe.
 */
public final class RemoteInstance implements Instance {
  static final String NOT_WATCHED = "not watched: select the host on the Hosts screen and press Watch";

  private final Host host;
  private final RemoteOps ops;
  private final HostPrompts prompts;
  // Guarded by this.
  private RemoteSession session;
  private Tunnel tunnel;
  private Instant watchedSince;

  RemoteInstance(Host host, RemoteOps ops, HostPrompts prompts) {
    this.host = host;
    this.ops = ops;
    this.prompts = prompts;
  }

  Host host() {
    return host;
  }

  @Override
  public String name() {
    return host.name();
  }

  @Override
  public Role role() {
    return switch (host.role()) {
      case BOOTSTRAP -> Role.BOOTSTRAP;
      case RELAY -> Role.RELAY;
      case IDENTITY_ACTIVE, IDENTITY_PASSIVE, IDENTITY_WITNESS -> Role.IDENTITY;
    };
  }

  @Override
  public synchronized InstanceStatus status() {
    if (session == null) {
      return new InstanceStatus(name(), role(), host.name(), InstanceState.STOPPED, Optional.empty(),
          OptionalLong.empty(), List.of(), List.of(NOT_WATCHED));
    }
    if (!session.isOpen()) {
      return new InstanceStatus(name(), role(), host.name(), InstanceState.FAILED, Optional.empty(),
          OptionalLong.empty(), List.of(), List.of("the SSH session to " + host.name() + " closed; watch again"));
    }
    return new InstanceStatus(name(), role(), host.name(), InstanceState.RUNNING, Optional.of(watchedSince),
        OptionalLong.empty(),
        List.of(new Endpoint(Endpoint.ADMIN, "http://127.0.0.1:" + tunnel.localPort() + "/"),
            new Endpoint("ssh", host.name() + " forward to admin port " + host.adminPort())),
        List.of());
  }

  /** Opens the session and the forward; a second call while watching does nothing. */
  void watch(Instant now) throws RemoteException {
    synchronized (this) {
      if (session != null && session.isOpen()) {
        return;
      }
      unwatch();
    }
    RemoteSession opened;
    try (Secrets secrets = new Secrets(prompts)) {
      opened = ops.open(host, secrets.credentials());
    }
    Tunnel forward;
    try {
      forward = opened.forward(host.adminPort());
    } catch (RemoteException e) {
      opened.close();
      throw e;
    }
    synchronized (this) {
      session = opened;
      tunnel = forward;
      watchedSince = now;
    }
  }

  /** Whether the operator asked to watch it (the session may have died since: then it shows as failed). */
  synchronized boolean watched() {
    return session != null;
  }

  synchronized boolean watching() {
    return session != null && session.isOpen();
  }

  synchronized void unwatch() {
    if (tunnel != null) {
      tunnel.close();
    }
    if (session != null) {
      session.close();
    }
    tunnel = null;
    session = null;
    watchedSince = null;
  }

  @Override
  public void start(BooleanSupplier cancelled) throws OperatorException {
    control(HostAction.START, cancelled);
  }

  @Override
  public void stop() {
    try {
      control(HostAction.STOP, () -> false);
    } catch (OperatorException e) {
      // Instance.stop reports nothing; the next poll shows the host's state, the action log the outcome.
    }
  }

  @Override
  public void restart(BooleanSupplier cancelled) throws OperatorException {
    control(HostAction.RESTART, cancelled);
  }

  private void control(HostAction action, BooleanSupplier cancelled) throws OperatorException {
    Cancellation cancel = new Cancellation();
    if (cancelled.getAsBoolean()) {
      cancel.cancel();
    }
    ActionResult result;
    try (Secrets secrets = new Secrets(prompts)) {
      result = ops.run(action, host, Optional.empty(), secrets.credentials(), Progress.NONE, cancel);
    }
    if (!result.ok()) {
      throw new OperatorException(OperatorException.Reason.START_FAILED, result.detail());
    }
  }
}
