package io.rvnt.operator.sandbox;

/**
 * What the sandbox runs. The standard sandbox is the identity service as the three-member cluster of
 * docs/cluster.md (an active and a passive instance, both serving clients, and a witness), three bootstrap nodes
 * that peer with each other and two relays (a recipient keeps mailboxes on several, issue 14); a build without the
 * libp2p servers runs the identity cluster alone. With {@code tor}, a private Tor network on loopback puts the
 * (active) identity instance behind an onion service.
 */
public record SandboxPlan(Identity identity, int bootstrapNodes, int relays, boolean tor) {
  /** Enough bootstrap nodes for lookups to have somewhere to go, few enough for a laptop. */
  public static final int STANDARD_BOOTSTRAP_NODES = 3;
  /** Two, so that what a recipient does with several relays (each envelope once from each) can be tried. */
  public static final int STANDARD_RELAYS = 2;
  /** Each instance is a JVM of up to 256 MiB heap; more than this is no longer a sandbox. */
  public static final int MAX_INSTANCES = 16;

  /** How the sandbox runs the identity service. */
  public enum Identity {
    NONE(0),
    /** One identity server, the single embedded instance of {@code ./rvnt server} without cluster settings. */
    SINGLE(1),
    /** The active, the passive and the witness of docs/cluster.md, each its own {@code ./rvnt server}. */
    CLUSTER(3);

    private final int instances;

    Identity(int instances) {
      this.instances = instances;
    }

    public int instances() {
      return instances;
    }
  }

  public SandboxPlan {
    java.util.Objects.requireNonNull(identity, "identity");
    if (bootstrapNodes < 0 || relays < 0 || identity.instances() + bootstrapNodes + relays < 1) {
      throw new IllegalArgumentException("a sandbox runs at least one instance");
    }
    if (identity.instances() + bootstrapNodes + relays > MAX_INSTANCES) {
      throw new IllegalArgumentException("a sandbox runs at most " + MAX_INSTANCES + " instances");
    }
    if (tor && identity == Identity.NONE) {
      throw new IllegalArgumentException("the sandbox's onion service is an identity server: plan one");
    }
  }

  public SandboxPlan(Identity identity, int bootstrapNodes, int relays) {
    this(identity, bootstrapNodes, relays, false);
  }

  /** This plan with the private Tor network in front of the (active) identity server. */
  public SandboxPlan withTor() {
    return new SandboxPlan(identity, bootstrapNodes, relays, true);
  }

  /** This plan with the single embedded identity server instead of the cluster (none stays none). */
  public SandboxPlan withSingleIdentity() {
    return new SandboxPlan(identity == Identity.NONE ? Identity.NONE : Identity.SINGLE, bootstrapNodes, relays, tor);
  }

  /** {@code withLibp2pServers}: whether this build has the bootstrap node and the relay. */
  public static SandboxPlan standard(boolean withLibp2pServers) {
    return withLibp2pServers ? new SandboxPlan(Identity.CLUSTER, STANDARD_BOOTSTRAP_NODES, STANDARD_RELAYS)
        : new SandboxPlan(Identity.CLUSTER, 0, 0);
  }

  public int size() {
    return identity.instances() + bootstrapNodes + relays;
  }
}
