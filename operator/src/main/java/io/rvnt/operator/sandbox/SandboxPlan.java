package io.rvnt.operator.sandbox;

/**
 * How many instances of each role the sandbox runs. The standard sandbox is one identity server, three bootstrap
 * nodes that peer with each other and two relays (a recipient keeps mailboxes on several, issue 14); a build without
 * the libp2p servers runs the identity server alone. With {@code tor}, a private Tor network on loopback puts the
 * (first) identity server behind an onion service.
 */
public record SandboxPlan(int identityServers, int bootstrapNodes, int relays, boolean tor) {
  /** Enough bootstrap nodes for lookups to have somewhere to go, few enough for a laptop. */
  public static final int STANDARD_BOOTSTRAP_NODES = 3;
  /** Two, so that what a recipient does with several relays (each envelope once from each) can be tried. */
  public static final int STANDARD_RELAYS = 2;
  /** Each instance is a JVM of up to 256 MiB heap; more than this is no longer a sandbox. */
  public static final int MAX_INSTANCES = 16;

  public SandboxPlan {
    if (identityServers < 0 || bootstrapNodes < 0 || relays < 0 || identityServers + bootstrapNodes + relays < 1) {
      throw new IllegalArgumentException("a sandbox runs at least one instance");
    }
    if (identityServers + bootstrapNodes + relays > MAX_INSTANCES) {
      throw new IllegalArgumentException("a sandbox runs at most " + MAX_INSTANCES + " instances");
    }
    if (tor && identityServers < 1) {
      throw new IllegalArgumentException("the sandbox's onion service is an identity server: plan one");
    }
  }

  public SandboxPlan(int identityServers, int bootstrapNodes, int relays) {
    this(identityServers, bootstrapNodes, relays, false);
  }

  /** This plan with the private Tor network in front of the identity server. */
  public SandboxPlan withTor() {
    return new SandboxPlan(identityServers, bootstrapNodes, relays, true);
  }

  /** {@code withLibp2pServers}: whether this build has the bootstrap node and the relay. */
  public static SandboxPlan standard(boolean withLibp2pServers) {
    return withLibp2pServers ? new SandboxPlan(1, STANDARD_BOOTSTRAP_NODES, STANDARD_RELAYS)
        : new SandboxPlan(1, 0, 0);
  }

  public int size() {
    return identityServers + bootstrapNodes + relays;
  }
}
