package io.rvnt.app.console;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.sandbox.ChildCommand;
import io.rvnt.operator.sandbox.MemberKeyMaker;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import io.rvnt.server.cluster.MemberKeys;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The sandbox this build can run: the identity service as the three-member cluster (or, asked for, the single
 * instance), plus three bootstrap nodes and two relays once {@code ./rvnt bootstrap} exists. Shared by
 * {@code ./rvnt sandbox} and the console so both run the same thing.
 */
final class SandboxFactory {
  /** The members' keys as {@code ./rvnt cluster keygen} makes them. */
  static final MemberKeyMaker MEMBER_KEYS = (member, key, certificate) ->
      MemberKeys.generate(member, key, certificate).pin();

  private SandboxFactory() {}

  static Sandbox create(Path root, boolean withLibp2pServers) throws OperatorException {
    return create(root, withLibp2pServers, false);
  }

  /** With {@code tor}, a private Tor network puts the (active) identity instance behind an onion service. */
  static Sandbox create(Path root, boolean withLibp2pServers, boolean tor) throws OperatorException {
    SandboxPlan plan = SandboxPlan.standard(withLibp2pServers);
    return create(root, tor ? plan.withTor() : plan);
  }

  static Sandbox create(Path root, SandboxPlan plan) throws OperatorException {
    return new Sandbox(root, ChildCommand.ofThisJar(), plan, Clock.systemUTC(), MEMBER_KEYS);
  }
}
