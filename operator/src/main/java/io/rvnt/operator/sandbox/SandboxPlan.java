package io.rvnt.operator.sandbox;

/**
 * How many instances of each role the sandbox runs. The standard sandbox is one identity server and three bootstrap
 * nodes that peer with each other; a build without the bootstrap node runs the identity server alone. With
 * {@code tor}, a private Tor network on loopback puts the (first) identity server behind an onion service.
 */
public record SandboxPlan(int identityServers, int bootstrapNodes, boolean tor) {
  /** Enough bootstrap nodes for lookups to have somewhere to go, few enough for a laptop. */
  public static final int STANDARD_BOOTSTRAP_NODES = 3;
  /** Each instance is a JVM of up to 256 MiB heap; more than this is no longer a sandbox. */
  public static final int MAX_INSTANCES = 16;

  public SandboxPlan {
    if (identityServers < 0 || bootstrapNodes < 0 || identityServers + bootstrapNodes < 1) {
      throw new IllegalArgumentException("a sandbox runs at least one instance");
    }
    if (identityServers + bootstrapNodes > MAX_INSTANCES) {
      throw new IllegalArgumentException("a sandbox runs at most " + MAX_INSTANCES + " instances");
    }
    if (tor && identityServers < 1) {
      throw new IllegalArgumentException("the sandbox's onion service is an identity server: plan one");
    }
  }

  public SandboxPlan(int identityServers, int bootstrapNodes) {
    this(identityServers, bootstrapNodes, false);
  }

  /** This plan with the private Tor network in front of the identity server. */
  public SandboxPlan withTor() {
    return new SandboxPlan(identityServers, bootstrapNodes, true);
  }

  public static SandboxPlan standard(boolean withBootstrapNodes) {
    return new SandboxPlan(1, withBootstrapNodes ? STANDARD_BOOTSTRAP_NODES : 0);
  }

  public int size() {
    return identityServers + bootstrapNodes;
  }
}
