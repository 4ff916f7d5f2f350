package io.rvnt.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity server as a member of a replicated cluster (docs/cluster.md): who it is, every member (itself too,
 * the same list on every member), where its Raft listener binds, its TLS key and certificate, and the timings.
 *
 * @param electionTimeout the shortest time without a leader's heartbeat after which a follower stands for election;
 *     the longest is twice this. Shorter fails over faster and elects spuriously on a loaded machine
 * @param requestTimeout how long a write waits for its entry to be committed and applied, through a leader change,
 *     before the client gets {@code 503 UNAVAILABLE}
 * @param snapshotEvery log entries between two snapshots; the log before a snapshot is purged, and a member further
 *     behind catches up from the snapshot
 * @param maxHealthyLag committed entries a member may not have applied yet and still answer {@code /health} with 200
 * @param logSegmentBytes the size at which the log rolls to a new segment file; only whole closed segments before a
 *     snapshot are purged
 * @param maxWritesInFlight this member's writes waiting for their entries to be committed and applied at once; one
 *     more gets {@code 503 UNAVAILABLE} at once
 */
public record ClusterConfig(
    String self,
    List<ClusterMember> members,
    HostPort raftListen,
    Path keyFile,
    Path certificateFile,
    Duration electionTimeout,
    Duration requestTimeout,
    long snapshotEvery,
    long maxHealthyLag,
    long logSegmentBytes,
    int maxWritesInFlight) {

  public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final long DEFAULT_SNAPSHOT_EVERY = 100_000;
  public static final long DEFAULT_MAX_HEALTHY_LAG = 1_000;
  public static final long DEFAULT_LOG_SEGMENT_BYTES = 32L << 20;
  /** Larger than the largest entry (a registration with 100 prekeys and a PQ key, about 6 KiB) many times over. */
  public static final long MIN_LOG_SEGMENT_BYTES = 64L << 10;
  /**
   * Ratis's leader holds at most 4096 client requests pending ({@code raft.server.write.element-limit}) and refuses
   * more; two instances with 1024 each stay well under it, so the leader's limit never refuses a write this one let
   * through. 1024 writes in flight keep a two-core leader busy with batches (one fsync per batch, not per entry) and
   * hold at most 1024 request bodies in memory.
   */
  public static final int DEFAULT_MAX_WRITES_IN_FLIGHT = 1_024;
  /** Ratis's leader's own limit of pending requests: more in flight from one member could only be refused there. */
  public static final int MAX_WRITES_IN_FLIGHT = 4_096;

  public ClusterConfig {
    members = List.copyOf(members);
    Objects.requireNonNull(raftListen, "raftListen");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(certificateFile, "certificateFile");
    if (member(members, self).isEmpty()) {
      throw new IllegalArgumentException("the member itself is not among the members");
    }
  }

  /** This member's entry. */
  public ClusterMember me() {
    return member(members, self).orElseThrow();
  }

  public Optional<ClusterMember> member(String name) {
    return member(members, name);
  }

  private static Optional<ClusterMember> member(List<ClusterMember> members, String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
