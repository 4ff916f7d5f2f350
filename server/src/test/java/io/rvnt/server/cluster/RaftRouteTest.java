package io.rvnt.server.cluster;

import static io.rvnt.server.ledger.TestCommands.KEY_A;
import static io.rvnt.server.ledger.TestCommands.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the leader's own writes go straight to its Raft server, and a member that is not (or no longer) the
 * leader falls back to forwarding the same call to the leader, which applies it once. A real three-member cluster.
 */
class RaftRouteTest {
  @TempDir Path dir;
  private ClusterFixture cluster;
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);

  @AfterEach
  void stop() {
    executor.shutdownNow();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theLeadersOwnWriteGoesStraightToItsRaftServerWithoutAnyConnection() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    String leader = cluster.awaitLeader();
    // A transport that refuses everything: a write that needed a connection could not be answered.
    RaftRoute direct = new RaftRoute(cluster.node(leader).raftServer(), RaftSettings.GROUP,
        RaftPeerId.valueOf(leader), new RefusingTransport());
    WriteCalls writes = new WriteCalls(direct, RaftSettings.GROUP, executor, ClusterFixture.DEADLINE, 8);

    RaftClientReply reply = writes.submit(entry(register("alice", KEY_A, 1_000, 1)))
        .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(outcome(reply)).as("applied through the leader's own server").isInstanceOf(Outcome.Registered.class);
    cluster.awaitConverged();
    for (String member : ClusterFixture.NAMES) {
      assertThat(cluster.node(member).store().bundle("alice")).as("%s applied it", member).isPresent();
    }
  }

  @Test
  void aMemberThatDoesNotLeadFallsBackToForwardingTheSameCallWhichAppliesOnce() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    String leader = cluster.awaitLeader();
    String follower = ClusterFixture.NAMES.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    // The follower believes it leads (as a deposed leader does until it hears of the next one): the direct path.
    Recording route = new Recording(cluster.node(follower).route(), RaftPeerId.valueOf(follower));
    WriteCalls writes = new WriteCalls(route, RaftSettings.GROUP, executor, ClusterFixture.DEADLINE, 8);

    RaftClientReply reply = writes.submit(entry(register("alice", KEY_A, 1_000, 1, 2)))
        .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);

    Outcome registered = outcome(reply);
    assertThat(registered).as("the leader applied it").isInstanceOf(Outcome.Registered.class);
    List<RaftClientRequest> calls = route.calls();
    assertThat(calls.get(0).getServerId()).as("first to its own server").isEqualTo(RaftPeerId.valueOf(follower));
    assertThat(calls.get(calls.size() - 1).getServerId()).as("answered by the leader, over the connection")
        .isEqualTo(RaftPeerId.valueOf(leader));
    assertThat(calls).extracting(RaftClientRequest::getCallId).as("one call on every attempt")
        .containsOnly(calls.get(0).getCallId());

    RaftClientReply again = route.send(calls.get(calls.size() - 1))
        .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(outcome(again)).as("the same call sent again answers as the first, not 'taken'")
        .isEqualTo(registered);
    cluster.awaitConverged();
    assertThat(cluster.node(leader).store().oneTimePreKeyIds("alice")).as("registered once, with its two prekeys")
        .containsExactly(1, 2);
  }

  private static Message entry(Command command) {
    return Message.valueOf(ByteString.copyFrom(LogCodec.encode(command)));
  }

  private static Outcome outcome(RaftClientReply reply) throws LogCodec.LogFormatException {
    return LogCodec.decodeOutcome(reply.getMessage().getContent().toByteArray());
  }

  /** The member's real route, except that it names the member itself as the leader, and records every call. */
  private static final class Recording implements LeaderRoute {
    private final LeaderRoute real;
    private final RaftPeerId self;
    private final List<RaftClientRequest> calls = new ArrayList<>();

    Recording(LeaderRoute real, RaftPeerId self) {
      this.real = real;
      this.self = self;
    }

    @Override
    public Optional<RaftPeerId> leader() {
      return Optional.of(self);
    }

    @Override
    public CompletableFuture<RaftClientReply> send(RaftClientRequest request) throws IOException {
      synchronized (this) {
        calls.add(request);
      }
      return real.send(request);
    }

    @Override
    public void failed(RaftPeerId member, Throwable failure) {
      real.failed(member, failure);
    }

    synchronized List<RaftClientRequest> calls() {
      return List.copyOf(calls);
    }
  }

  private static final class RefusingTransport implements RaftClientRpc {
    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsyncUnordered(RaftClientRequest request) {
      return CompletableFuture.failedFuture(new IOException("this test allows no connection"));
    }

    @Override
    public RaftClientReply sendRequest(RaftClientRequest request) throws IOException {
      throw new IOException("this test allows no connection");
    }

    @Override
    public void addRaftPeers(Collection<RaftPeer> peers) {}

    @Override
    public void close() {}
  }
}
