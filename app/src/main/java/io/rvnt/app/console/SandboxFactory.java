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

  /**
   * The plan of {@code ./rvnt sandbox} and the console's sandbox: the standard one (bootstrap nodes and relays where
   * {@code withLibp2pServers}), with one identity server instead of the cluster when {@code singleIdentity}, and a
   * private Tor network putting the (active) identity instance behind an onion service when {@code tor}.
   */
  static SandboxPlan plan(boolean withLibp2pServers, boolean singleIdentity, boolean tor) {
    SandboxPlan plan = SandboxPlan.standard(withLibp2pServers);
    plan = singleIdentity ? plan.withSingleIdentity() : plan;
    return tor ? plan.withTor() : plan;
  }

  static Sandbox create(Path root, SandboxPlan plan) throws OperatorException {
    return new Sandbox(root, ChildCommand.ofThisJar(), plan, Clock.systemUTC(), MEMBER_KEYS);
  }
}
