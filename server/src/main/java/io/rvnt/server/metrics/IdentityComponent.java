package io.rvnt.server.metrics;

import io.rvnt.daemon.admin.AdminComponent;
import io.rvnt.daemon.admin.Family;
import io.rvnt.daemon.admin.MetricsSchema;
import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.server.cluster.ClusterStatus;
import io.rvnt.server.cluster.MemberStatus;
import io.rvnt.server.config.MemberRole;
import io.rvnt.server.pow.PowStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The identity server on the admin listener: its routes, its connections and how many users are registered, as
 * {@code rvnt_identity_...}; on a cluster member also the cluster as it sees it ({@code rvnt_identity_cluster_...}:
 * leader, term, commit and applied index, lag, and each member's). A single instance is healthy while it runs; a
 * member while it knows a leader and has not fallen behind ({@code ClusterNode.healthy}).
 */
public final class IdentityComponent implements AdminComponent {
  /** The per-member families: the key is the prefix, the rest of the key the member's name. */
  public static final String MEMBER_LEADER = "cluster_member_leader_";
  public static final String MEMBER_WITNESS = "cluster_member_witness_";
  public static final String MEMBER_REACHABLE = "cluster_member_reachable_";
  public static final String MEMBER_TERM = "cluster_member_term_";
  public static final String MEMBER_APPLIED = "cluster_member_applied_index_";
  public static final String MEMBER_LAG = "cluster_member_lag_";

  static final MetricsSchema SCHEMA = new MetricsSchema("an API route", true,
      "Open client connections, all API listeners together.",
      List.of(Family.gauge("registered_users", "Registered users: counted once when the store opens, then kept by "
              + "registrations and deletions (on a cluster member: in its copy of the store)."),
          Family.gauge("cluster_leader", "1 while this member is the cluster's leader, else 0."),
          Family.gauge("cluster_leader_known", "1 while this member knows a leader (none during an election or "
              + "without a majority), else 0: writes are refused without one."),
          Family.gauge("cluster_term", "This member's current Raft term: it grows with every election."),
          Family.gauge("cluster_commit_index", "The highest log index this member knows to be committed."),
          Family.gauge("cluster_applied_index", "The last log index this member has applied to its store."),
          Family.gauge("cluster_lag", "Committed entries this member has not applied yet."),
          Family.counter("cluster_leader_changes", "Leaders this member has learned of since it started."),
          Family.gauges("cluster_member_leader", "1 for the member that says it leads, else 0; per member.",
              MEMBER_LEADER, "member"),
          Family.gauges("cluster_member_witness", "1 for a member configured as the witness, else 0; per member.",
              MEMBER_WITNESS, "member"),
          Family.gauges("cluster_member_reachable", "1 when the member answered this member's last status "
              + "request (once a second), else 0; per member.", MEMBER_REACHABLE, "member"),
          Family.gauges("cluster_member_term", "The member's Raft term at its last answer; per member.",
              MEMBER_TERM, "member"),
          Family.gauges("cluster_member_applied_index", "The member's applied log index at its last answer; per "
              + "member.", MEMBER_APPLIED, "member"),
          Family.gauges("cluster_member_lag", "Committed entries the member had not applied at its last answer; per "
              + "member.", MEMBER_LAG, "member"),
          Family.gauge("pow_register_effort", "The proof-of-work effort suggested now for a registration, in "
              + "expected hashes (docs/identity-protocol.md 6.6): the floor when quiet, higher under a flood."),
          Family.gauge("pow_write_effort", "The proof-of-work effort suggested now for the other writes."),
          Family.gauge("pow_queue_depth", "Requests with a proof of work waiting to be served."),
          Family.counter("pow_served", "Requests with a proof of work the queue handed on to be served."),
          Family.counter("pow_dropped", "Requests with a proof of work dropped because the queue was full."),
          Family.counter("pow_expired", "Requests with a proof of work dropped after waiting past the deadline."),
          Family.gauge("min_free_disk_bytes", "Free bytes on the data directory's file system below which "
              + "registrations are refused with 507 (the min-free-disk setting), for the disk alert's forecast.")));

  private final ServerMetrics metrics;
  private final LongSupplier registeredUsers;
  private final long minFreeDiskBytes;
  private final Optional<Supplier<ClusterStatus>> cluster;
  private final BooleanSupplier healthy;
  private final Supplier<PowStatus> pow;

  /** A single instance; {@code pow} is called on the admin worker. */
  public IdentityComponent(ServerMetrics metrics, LongSupplier registeredUsers, long minFreeDiskBytes,
      Supplier<PowStatus> pow) {
    this(metrics, registeredUsers, minFreeDiskBytes, pow, Optional.empty(), () -> true);
  }

  /** A cluster member: {@code cluster} is called on the admin worker, {@code healthy} on the admin event loop. */
  public IdentityComponent(ServerMetrics metrics, LongSupplier registeredUsers, long minFreeDiskBytes,
      Supplier<PowStatus> pow, Supplier<ClusterStatus> cluster, BooleanSupplier healthy) {
    this(metrics, registeredUsers, minFreeDiskBytes, pow, Optional.of(cluster), healthy);
  }

  private IdentityComponent(ServerMetrics metrics, LongSupplier registeredUsers, long minFreeDiskBytes,
      Supplier<PowStatus> pow, Optional<Supplier<ClusterStatus>> cluster, BooleanSupplier healthy) {
    this.metrics = metrics;
    this.registeredUsers = registeredUsers;
    this.minFreeDiskBytes = minFreeDiskBytes;
    this.pow = pow;
    this.cluster = cluster;
    this.healthy = healthy;
  }

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public MetricsSchema schema() {
    return SCHEMA;
  }

  @Override
  public MetricsSnapshot snapshot() {
    Map<String, Double> gauges = new LinkedHashMap<>();
    gauges.put("registered_users", (double) registeredUsers.getAsLong());
    gauges.put("min_free_disk_bytes", (double) minFreeDiskBytes);
    Map<String, Long> counters = new LinkedHashMap<>();
    PowStatus work = pow.get();
    gauges.put("pow_register_effort", (double) work.registerEffort());
    gauges.put("pow_write_effort", (double) work.writeEffort());
    gauges.put("pow_queue_depth", (double) work.queueDepth());
    counters.put("pow_served", work.served());
    counters.put("pow_dropped", work.dropped());
    counters.put("pow_expired", work.expired());
    cluster.map(Supplier::get).ifPresent(status -> {
      gauges.put("cluster_leader", status.isLeader() ? 1.0 : 0.0);
      gauges.put("cluster_leader_known", status.leader().isPresent() ? 1.0 : 0.0);
      gauges.put("cluster_term", (double) status.term());
      gauges.put("cluster_commit_index", (double) status.commitIndex());
      gauges.put("cluster_applied_index", (double) status.appliedIndex());
      gauges.put("cluster_lag", (double) status.lag());
      counters.put("cluster_leader_changes", status.leaderChanges());
      for (MemberStatus member : status.members()) {
        gauges.put(MEMBER_LEADER + member.name(), member.leader() ? 1.0 : 0.0);
        gauges.put(MEMBER_WITNESS + member.name(),
            member.role() == MemberRole.WITNESS ? 1.0 : 0.0);
        gauges.put(MEMBER_REACHABLE + member.name(), member.reachable() ? 1.0 : 0.0);
        gauges.put(MEMBER_TERM + member.name(), (double) member.term());
        gauges.put(MEMBER_APPLIED + member.name(), (double) member.appliedIndex());
        gauges.put(MEMBER_LAG + member.name(), (double) member.lag());
      }
    });
    return metrics.snapshot(gauges).toBuilder().putAllCounters(counters).build();
  }

  @Override
  public Map<String, LatencyWindow> latencyWindows() {
    return metrics.latencyWindows();
  }

  @Override
  public boolean healthy() {
    return healthy.getAsBoolean();
  }
}
