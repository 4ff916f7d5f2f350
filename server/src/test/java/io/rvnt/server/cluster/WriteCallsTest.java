package io.rvnt.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.testsupport.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a member's writes are pipelined, bounded, and each keeps one call (client id and call id) for its whole
 * life, whichever member answers it. The cluster is played by a {@link LeaderRoute} that records every call it is
 * handed and answers as the test says.
 */
class WriteCallsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final RaftPeerId ALPHA = RaftPeerId.valueOf("alpha");
  private static final RaftPeerId BETA = RaftPeerId.valueOf("beta");
  private static final Message WRITE = Message.valueOf("write");

  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void writesOverTheInFlightLimitAreRefusedAtOnceAndAFreedSlotTakesTheNext() throws Exception {
    PlayedCluster cluster = new PlayedCluster(request -> new CompletableFuture<>());
    cluster.leader = Optional.of(ALPHA);
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, DEADLINE, 2);
    CompletableFuture<RaftClientReply> first = writes.submit(WRITE);
    CompletableFuture<RaftClientReply> second = writes.submit(WRITE);
    CompletableFuture<RaftClientReply> third = writes.submit(WRITE);

    assertThat(third).as("a third write over a limit of two is refused at once, without reaching the leader")
        .isCompletedExceptionally();
    assertThatThrownBy(third::join).hasCauseInstanceOf(WriteCalls.Full.class);
    assertThat(cluster.calls()).as("only the two admitted writes were sent").hasSize(2);
    assertThat(writes.inFlight()).as("two writes in flight").isEqualTo(2);

    cluster.answer(0, success(cluster.call(0)));
    assertThat(first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).isSuccess()).as("the first write is answered")
        .isTrue();
    CompletableFuture<RaftClientReply> fourth = writes.submit(WRITE);
    assertThat(fourth).as("the slot the first write freed takes the next one").isNotCompletedExceptionally();
    assertThat(second).as("the second write still waits").isNotDone();
  }

  @Test
  void aCallRefusedByAMemberThatDoesNotLeadIsSentAgainAsTheSameCallToTheLeaderItNames() throws Exception {
    PlayedCluster cluster = new PlayedCluster(request -> CompletableFuture.completedFuture(
        request.getServerId().equals(BETA) ? notLeader(request, ALPHA) : success(request)));
    // This member (beta) believes it leads: the leader-direct path; the reply names alpha.
    cluster.leader = Optional.of(BETA);
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, DEADLINE, 8);

    RaftClientReply reply = writes.submit(WRITE).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(reply.isSuccess()).as("the write is answered by the leader").isTrue();
    List<RaftClientRequest> calls = cluster.calls();
    assertThat(calls).extracting(RaftClientRequest::getServerId).as("first to itself, then to the leader named")
        .containsExactly(BETA, ALPHA);
    assertThat(calls).extracting(RaftClientRequest::getCallId)
        .as("the retry is the same call: the retry cache applies it once").containsOnly(calls.get(0).getCallId());
    assertThat(calls).extracting(RaftClientRequest::getClientId).as("the same client on both attempts")
        .containsOnly(calls.get(0).getClientId());
    assertThat(calls).extracting(c -> c.getMessage().getContent().toStringUtf8())
        .as("the same entry on both attempts").containsOnly("write");
  }

  @Test
  void aCallWhoseConnectionFailedIsSentAgainAfterTheRouteDroppedTheConnection() throws Exception {
    List<Integer> attempts = new ArrayList<>();
    PlayedCluster cluster = new PlayedCluster(request -> {
      synchronized (attempts) {
        attempts.add(attempts.size());
        return attempts.size() == 1
            ? CompletableFuture.failedFuture(new IOException("connection reset"))
            : CompletableFuture.completedFuture(success(request));
      }
    });
    cluster.leader = Optional.of(ALPHA);
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, DEADLINE, 8);

    assertThat(writes.submit(WRITE).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).isSuccess())
        .as("the write is answered on the second attempt").isTrue();
    assertThat(cluster.failedMembers).as("the route was told to drop its broken connection to alpha")
        .containsExactly(ALPHA);
    assertThat(cluster.calls()).extracting(RaftClientRequest::getCallId).as("both attempts are one call")
        .containsOnly(cluster.call(0).getCallId());
  }

  @Test
  void aLeaderNotReadyYetIsAskedAgainUntilItAnswers() throws Exception {
    PlayedCluster cluster = new PlayedCluster(request -> CompletableFuture.completedFuture(
        RaftClientReply.newBuilder().setRequest(request)
            .setException(new LeaderNotReadyException(RaftGroupMemberId.valueOf(ALPHA, RaftSettings.GROUP)))
            .build()));
    cluster.leader = Optional.of(ALPHA);
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, DEADLINE, 8);
    CompletableFuture<RaftClientReply> answer = writes.submit(WRITE);
    Await.until(DEADLINE, "the leader is asked again", () -> cluster.calls().size() >= 3);
    cluster.respond = request -> CompletableFuture.completedFuture(success(request));

    assertThat(answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).isSuccess())
        .as("answered once the leader is ready").isTrue();
  }

  @Test
  void withNoLeaderAWriteFailsAtTheDeadlineAndFreesItsSlot() {
    PlayedCluster cluster = new PlayedCluster(request -> {
      throw new AssertionError("nothing is sent while no leader is known");
    });
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, Duration.ofMillis(300), 1);

    CompletableFuture<RaftClientReply> answer = writes.submit(WRITE);

    assertThatThrownBy(() -> answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("no leader within the deadline: a timeout, which the ledger answers with 503")
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
    Await.until(DEADLINE, "the slot is free again", () -> writes.inFlight() == 0);
  }

  @Test
  void aRefusalOfTheStateMachineIsNotRetried() {
    PlayedCluster cluster = new PlayedCluster(request -> CompletableFuture.completedFuture(
        RaftClientReply.newBuilder().setRequest(request)
            .setException(new StateMachineException("applying failed")).build()));
    cluster.leader = Optional.of(ALPHA);
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, DEADLINE, 8);

    assertThatThrownBy(() -> writes.submit(WRITE).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("every member would fail the same way").hasCauseInstanceOf(StateMachineException.class);
    assertThat(cluster.calls()).as("sent once").hasSize(1);
  }

  @Test
  void closingFailsTheWritesInFlight() {
    PlayedCluster cluster = new PlayedCluster(request -> new CompletableFuture<>());
    cluster.leader = Optional.of(ALPHA);
    WriteCalls writes = new WriteCalls(cluster, RaftSettings.GROUP, executor, DEADLINE, 8);
    CompletableFuture<RaftClientReply> answer = writes.submit(WRITE);

    writes.close();

    assertThat(answer).as("a write in flight fails when the member closes").isCompletedExceptionally();
    assertThat(writes.inFlight()).as("its slot is free").isZero();
  }

  @Test
  void refusesALimitOfWritesInFlightBelowOne() {
    assertThatThrownBy(() -> new WriteCalls(new PlayedCluster(r -> null), RaftSettings.GROUP, executor, DEADLINE,
        0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static RaftClientReply success(RaftClientRequest request) {
    return RaftClientReply.newBuilder().setRequest(request).setSuccess()
        .setMessage(Message.valueOf("applied")).build();
  }

  private static RaftClientReply notLeader(RaftClientRequest request, RaftPeerId leader) {
    RaftPeer suggested = RaftPeer.newBuilder().setId(leader).setAddress("127.0.0.1:1").build();
    return RaftClientReply.newBuilder().setRequest(request).setException(new NotLeaderException(
        RaftGroupMemberId.valueOf(request.getServerId(), RaftSettings.GROUP), suggested, List.of(suggested)))
        .build();
  }

  /** The cluster as a write sees it: who leads, and what each member answers. */
  private static final class PlayedCluster implements LeaderRoute {
    volatile Optional<RaftPeerId> leader = Optional.empty();
    volatile Function<RaftClientRequest, CompletableFuture<RaftClientReply>> respond;
    final List<RaftPeerId> failedMembers = new ArrayList<>();
    private final List<RaftClientRequest> calls = new ArrayList<>();
    private final List<CompletableFuture<RaftClientReply>> replies = new ArrayList<>();

    PlayedCluster(Function<RaftClientRequest, CompletableFuture<RaftClientReply>> respond) {
      this.respond = respond;
    }

    @Override
    public Optional<RaftPeerId> leader() {
      return leader;
    }

    @Override
    public synchronized CompletableFuture<RaftClientReply> send(RaftClientRequest request) {
      CompletableFuture<RaftClientReply> reply = respond.apply(request);
      calls.add(request);
      replies.add(reply);
      return reply;
    }

    @Override
    public synchronized void failed(RaftPeerId member, Throwable failure) {
      failedMembers.add(member);
    }

    synchronized List<RaftClientRequest> calls() {
      return List.copyOf(calls);
    }

    synchronized RaftClientRequest call(int index) {
      return calls.get(index);
    }

    void answer(int index, RaftClientReply reply) {
      CompletableFuture<RaftClientReply> pending;
      synchronized (this) {
        pending = replies.get(index);
      }
      pending.complete(reply);
    }
  }
}
