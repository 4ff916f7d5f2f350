package io.rvnt.server.config;

import java.util.Locale;

/**
 * A cluster member's part (docs/cluster.md): the two instances of the architecture and the witness that makes three
 * voters. Raft elects among all three; the priority decides who leads when several could, so leadership goes back
 * to the active instance once it has caught up after a failure, and the witness leads only when nothing else can.
 */
public enum MemberRole {
  /** Serves clients and leads while it is healthy. */
  ACTIVE(3),
  /** Serves clients (forwarding writes to the leader) and takes over when the active instance fails. */
  PASSIVE(2),
  /** Votes, keeps the log and the data, serves no client; runs on a small VM or beside a bootstrap node. */
  WITNESS(1);

  private final int priority;

  MemberRole(int priority) {
    this.priority = priority;
  }

  /** Ratis's election priority: higher leads. */
  public int priority() {
    return priority;
  }

  /** Whether the member runs the API listeners. */
  public boolean servesClients() {
    return this != WITNESS;
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
