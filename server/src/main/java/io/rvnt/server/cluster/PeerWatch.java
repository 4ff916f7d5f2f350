package io.rvnt.server.cluster;

import io.rvnt.server.config.ClusterMember;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.LogInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Asks each other member, once a second, how it stands (its role, term and indexes), over the replication listener
 * with the member's own TLS identity; a member that does not answer within a second is unreachable until it does.
 * What it learns is only ever read, by /metrics and {@code cluster status}, never used to decide anything. One
 * daemon thread; thread-safe.
 */
final class PeerWatch implements AutoCloseable {
  /** What a member said last, and whether it said it on the last ask. */
  record Seen(boolean reachable, boolean leader, long term, long appliedIndex, long commitIndex) {
    static final Seen NEVER = new Seen(false, false, 0, 0, 0);
  }

  private final RaftClient client;
  private final List<ClusterMember> others;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "rvnt-cluster-peer-watch");
    thread.setDaemon(true);
    return thread;
  });

  PeerWatch(RaftClient client, List<ClusterMember> others) {
    this.client = client;
    this.others = List.copyOf(others);
    timer.scheduleWithFixedDelay(this::askAll, 0, 1, TimeUnit.SECONDS);
  }

  Seen seen(String member) {
    return seen.getOrDefault(member, Seen.NEVER);
  }

  private void askAll() {
    for (ClusterMember member : others) {
      Seen before = seen(member.name());
      try {
        seen.put(member.name(), ask(member));
      } catch (IOException | RuntimeException e) {
        seen.put(member.name(), new Seen(false, false, before.term(), before.appliedIndex(), before.commitIndex()));
      }
    }
  }

  private Seen ask(ClusterMember member) throws IOException {
    GroupInfoReply info = client.getGroupManagementApi(RaftPeerId.valueOf(member.name())).info(RaftSettings.GROUP);
    RoleInfoProto role = info.getRoleInfoProto();
    LogInfoProto log = info.getLogInfoProto();
    long term = Math.max(log.getLastEntry().getTerm(), role.hasLeaderInfo() ? role.getLeaderInfo().getTerm() : 0);
    return new Seen(true, role.getRole() == RaftPeerRole.LEADER, term, log.getApplied().getIndex(),
        log.getCommitted().getIndex());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      client.close();
    } catch (IOException e) {
      // Closing a client releases channels; nothing is lost if it fails.
    }
  }
}
