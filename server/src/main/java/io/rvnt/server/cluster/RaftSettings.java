package io.rvnt.server.cluster;

import io.rvnt.server.config.ClusterConfig;
import io.rvnt.server.config.ClusterMember;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The cluster's configuration as Ratis's settings: one place that says which of Ratis's many knobs this server turns,
 * and why. Everything else is Ratis's default.
 */
final class RaftSettings {
  /** The one Raft group of the identity server; the same on every member of every cluster (pins keep them apart). */
  static final RaftGroupId GROUP =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("rvnt identity cluster".getBytes(StandardCharsets.UTF_8)));
  /** Pause between two attempts of an operator's request while there is no leader to take it. */
  private static final Duration RETRY_SLEEP = Duration.ofMillis(100);
  /** The shortest time one attempt of the client waits for the leader's answer. */
  private static final Duration MIN_ATTEMPT = Duration.ofSeconds(3);

  private RaftSettings() {}

  static RaftGroup group(ClusterConfig cluster) {
    List<RaftPeer> peers = cluster.members().stream().map(RaftSettings::peer).toList();
    return RaftGroup.valueOf(GROUP, peers);
  }

  private static RaftPeer peer(ClusterMember member) {
    return peer(member, member.role().priority());
  }

  private static RaftPeer peer(ClusterMember member, int priority) {
    return RaftPeer.newBuilder()
        .setId(member.name())
        .setAddress(member.raftAddress().toString())
        .setPriority(priority)
        .build();
  }

  /**
   * The members with the priorities under which {@code target} leads (a Ratis leader hands over only to the member
   * with the highest priority): the configured ones, with the target raised above them all unless it alone has the
   * highest already. Leading to the active instance is thus the configured group again.
   */
  static List<RaftPeer> peersLedBy(ClusterConfig cluster, String target) {
    int highest = cluster.members().stream().mapToInt(m -> m.role().priority()).max().orElse(0);
    boolean aloneOnTop = cluster.members().stream()
        .filter(m -> m.role().priority() == highest).map(ClusterMember::name).toList().equals(List.of(target));
    return cluster.members().stream()
        .map(m -> m.name().equals(target) && !aloneOnTop ? peer(m, highest + 1) : peer(m))
        .toList();
  }

  /** A member's server: its listener, its directory, the election timing, snapshots and reads. */
  static RaftProperties server(ClusterConfig cluster, File raftDir) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    // One port for the replication, the forwarded requests and the status requests, all under the same TLS.
    GrpcConfigKeys.Server.setHost(p, cluster.raftListen().host());
    GrpcConfigKeys.Server.setPort(p, cluster.raftListen().port());
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir));
    TimeDuration election = millis(cluster.electionTimeout());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, election);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, election.multiply(2));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, election);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, election.multiply(2));
    // A lookup that must see every acknowledged write waits for the leader's commit index (Raft's read index).
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, cluster.snapshotEvery());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // The log before a snapshot goes; a member that needs it gets the snapshot instead.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1_024, cluster.snapshotEvery()));
    SizeInBytes segment = SizeInBytes.valueOf(cluster.logSegmentBytes());
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, segment);
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(4L << 20, segment.getSize())));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
    return p;
  }

  /**
   * The connections that carry a member's entries to the leader: each attempt gives up after three elections, or
   * {@link #MIN_ATTEMPT} on a busy host (a TLS handshake and an fsync can take that long there, and an attempt cut
   * short only starts again); {@link WriteCalls} sends the same call again until the request deadline.
   */
  static RaftProperties client(ClusterConfig cluster) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    Duration attempt = cluster.electionTimeout().multipliedBy(3);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(attempt.compareTo(MIN_ATTEMPT) < 0 ? MIN_ATTEMPT : attempt));
    return p;
  }

  /** Attempts {@link #RETRY_SLEEP} apart while there is no leader to take them, for about {@code total}. */
  static RetryPolicy retriesWithin(Duration total) {
    int attempts = (int) Math.max(1, total.toMillis() / RETRY_SLEEP.toMillis());
    return RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, millis(RETRY_SLEEP));
  }

  /** An operator's command (a leadership transfer): one request may take {@code timeout}. */
  static RaftProperties operatorClient(Duration timeout) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(timeout));
    return p;
  }

  /** The status requests to the other members: one attempt, answered within a second or reported unreachable. */
  static RaftProperties statusClient() {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    return p;
  }

  /** The TLS of every connection, server and client side alike. */
  static Parameters tls(GrpcTlsConfig tls) {
    Parameters parameters = new Parameters();
    GrpcConfigKeys.TLS.setConf(parameters, tls);
    return parameters;
  }

  private static TimeDuration millis(Duration duration) {
    return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
  }
}
