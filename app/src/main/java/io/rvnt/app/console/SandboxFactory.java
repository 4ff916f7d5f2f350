package io.rvnt.app.console;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.sandbox.ChildCommand;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The sandbox this build can run: the identity server, plus three bootstrap nodes and two relays once
 * {@code ./rvnt bootstrap} exists. Shared by {@code ./rvnt sandbox} and the console so both run the same thing.
 */
final class SandboxFactory {
  private SandboxFactory() {}

  static Sandbox create(Path root, boolean withLibp2pServers) throws OperatorException {
    return create(root, withLibp2pServers, false);
  }

  /** With {@code tor}, a private Tor network puts the identity server behind an onion service. */
  static Sandbox create(Path root, boolean withLibp2pServers, boolean tor) throws OperatorException {
    SandboxPlan plan = SandboxPlan.standard(withLibp2pServers);
    return new Sandbox(root, ChildCommand.ofThisJar(), tor ? plan.withTor() : plan, Clock.systemUTC());
  }
}
