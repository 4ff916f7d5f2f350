package io.rvnt.server.cluster;

import io.rvnt.server.config.ClusterConfig;
import io.rvnt.server.config.ClusterMember;
import io.rvnt.server.config.MemberRole;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;

/**
 * Moves the cluster's leadership to a named instance, for an operator ({@code cluster transfer-leadership}, a
 * rolling upgrade). A Ratis leader hands over only to the member with the highest priority, and yields on its own to
 * a caught-up member with a higher one; so the group's configuration first gives the target the top priority (the
 * configured priorities, the target raised above them all unless it already leads them), then the leader is asked to
 * transfer. Leadership then stays with the target, through restarts of the others, until it is moved again; moving it
 * back to the active instance restores the configured priorities (docs/cluster.md). Thread-safe.
 */
final class LeadershipTransfer {
  private final ClusterConfig config;
  private final Supplier<Optional<RaftPeerId>> leader;
  private final Function<Duration, RaftClient> clients;
  private final Executor executor;

  /**
   * @param leader the leader this member knows now, if any
   * @param clients a new Raft client of the group whose every request may take the given time
   * @param executor runs the blocking Ratis calls
   */
  LeadershipTransfer(ClusterConfig config, Supplier<Optional<RaftPeerId>> leader,
      Function<Duration, RaftClient> clients, Executor executor) {
    this.config = config;
    this.leader = leader;
    this.clients = clients;
    this.executor = executor;
  }

  /**
   * Completes with whether the target already led, once it leads; fails with a {@link TransferException} (inside a
   * {@link CompletionException}) when it cannot, waiting at most {@code cluster-request-timeout} for the handover.
   */
  CompletableFuture<Boolean> to(String target) {
    ClusterMember member;
    try {
      member = check(target);
    } catch (TransferException e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<RaftPeerId> current = leader.get();
    if (current.isEmpty()) {
      return CompletableFuture.failedFuture(noLeader());
    }
    if (current.get().toString().equals(target)) {
      return CompletableFuture.completedFuture(true);
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        handOver(member);
        return false;
      } catch (TransferException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }

  private ClusterMember check(String target) throws TransferException {
    if (!ClusterMember.NAME.matcher(target).matches()) {
      throw new TransferException(TransferException.Reason.UNKNOWN_MEMBER,
          "not a member's name; the members are " + names());
    }
    ClusterMember member = config.members().stream().filter(m -> m.name().equals(target)).findFirst()
        .orElseThrow(() -> new TransferException(TransferException.Reason.UNKNOWN_MEMBER,
            "no cluster member is named " + target + "; the members are " + names()));
    if (member.role() == MemberRole.WITNESS) {
      throw new TransferException(TransferException.Reason.WITNESS,
          target + " is the witness, which never serves clients and so never leads by choice");
    }
    return member;
  }

  private void handOver(ClusterMember target) throws TransferException {
    Duration deadline = config.requestTimeout();
    // The client's own deadline is longer than the leader's, so the leader's verdict arrives.
    try (RaftClient client = clients.apply(deadline.plus(deadline))) {
      RaftClientReply configured = client.admin().setConfiguration(RaftSettings.peersLedBy(config, target.name()));
      if (!configured.isSuccess()) {
        throw noLeader();
      }
      RaftClientReply moved = client.admin().transferLeadership(RaftPeerId.valueOf(target.name()), deadline.toMillis());
      if (!moved.isSuccess()) {
        throw timedOut(target, deadline);
      }
    } catch (TransferLeadershipException e) {
      throw timedOut(target, deadline);
    } catch (IOException e) {
      throw noLeader();
    }
  }

  private String names() {
    return String.join(", ", config.members().stream().map(ClusterMember::name).toList());
  }

  private static TransferException noLeader() {
    return new TransferException(TransferException.Reason.NO_LEADER,
        "the cluster has no leader that answered; wait for an election (cluster status) and retry");
  }

  private static TransferException timedOut(ClusterMember target, Duration deadline) {
    return new TransferException(TransferException.Reason.TIMED_OUT, target.name() + " did not take over within "
        + deadline.toMillis() + " ms (cluster-request-timeout); is it running and caught up? (cluster status)");
  }
}
