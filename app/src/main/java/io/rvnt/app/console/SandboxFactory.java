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
    return new Sandbox(root, ChildCommand.ofThisJar(), SandboxPlan.standard(withLibp2pServers), Clock.systemUTC());
  }
}
