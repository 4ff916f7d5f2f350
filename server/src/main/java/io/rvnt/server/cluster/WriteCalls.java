package io.rvnt.server.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;

/**
 * A member's writes in flight, all at once (pipelined) up to a bound. Each write is one Raft call with this member's
 * client id and its own call id, fixed for its whole life: it goes to the leader as this member knows it (its own
 * Raft server when it leads, see {@link RaftRoute}), and whatever prevents an answer (no leader yet, a leader not
 * ready, one that stepped down, a lost connection) sends the <em>same</em> call again {@link #RETRY_PAUSE} later to
 * whoever leads then, until the deadline. The same call is what makes a retry safe: a leader that committed the
 * entry and died before answering left it in every member's retry cache (keyed by client id and call id), so the
 * next leader answers what the first application decided instead of applying it again (docs/cluster.md, "A retried
 * write applies once"). A fallback that made a new call could apply a write twice.
 *
 * <p>Over {@code maxInFlight} writes a new one fails at once with {@link Full} (invariant 3): the bound is what keeps
 * a flood of clients from queueing without limit in this member, on the leader and in memory. Sending never blocks
 * longer than handing a call to the leader's log (a lock and a queue, on this member's own server), and no retry or
 * answer runs on Ratis's or gRPC's threads: they run on {@code executor}. Thread-safe.
 */
final class WriteCalls implements AutoCloseable {
  /** Between two attempts of one call while there is no leader to take it, or it answered "not ready". */
  static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final LeaderRoute route;
  private final RaftGroupId group;
  private final ScheduledExecutorService executor;
  private final Duration deadline;
  private final int maxInFlight;
  private final Semaphore slots;
  private final ClientId client = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final Set<CompletableFuture<RaftClientReply>> inFlight = ConcurrentHashMap.newKeySet();

  /** The write was refused at once: {@code maxInFlight} writes of this member are waiting for their answers. */
  static final class Full extends Exception {
    Full(int maxInFlight) {
      super(maxInFlight + " writes are in flight already", null, false, false);
    }
  }

  /**
   * @param deadline how long a write may take, retries included, before it fails with a {@link TimeoutException}
   * @param executor runs retries, the answers' continuations and the deadlines; never an event loop
   */
  WriteCalls(LeaderRoute route, RaftGroupId group, ScheduledExecutorService executor, Duration deadline,
      int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("at least one write must be allowed in flight");
    }
    this.route = route;
    this.group = group;
    this.executor = executor;
    this.deadline = deadline;
    this.maxInFlight = maxInFlight;
    this.slots = new Semaphore(maxInFlight);
  }

  /**
   * Sends {@code message} as a write; completes with the leader's successful reply (the entry committed on a majority
   * and applied), or fails with {@link Full}, a {@link TimeoutException} at the deadline, the state machine's
   * {@link StateMachineException}, or an {@link IOException} once closed.
   */
  CompletableFuture<RaftClientReply> submit(Message message) {
    if (!slots.tryAcquire()) {
      return CompletableFuture.failedFuture(new Full(maxInFlight));
    }
    CompletableFuture<RaftClientReply> answer = new CompletableFuture<>();
    inFlight.add(answer);
    Optional<ScheduledFuture<?>> timeout = later(
        () -> answer.completeExceptionally(new TimeoutException("no answer within " + deadline)), deadline);
    // The caller hears the answer only once its slot is free again: a client that writes again as soon as it has its
    // answer must find the slot its write held, not a limit still counting that write.
    CompletableFuture<RaftClientReply> result = new CompletableFuture<>();
    answer.whenComplete((reply, failure) -> {
      timeout.ifPresent(t -> t.cancel(false));
      inFlight.remove(answer);
      slots.release();
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(reply);
      }
    });
    if (timeout.isEmpty()) {
      answer.completeExceptionally(closing());
    }
    attempt(new Call(callIds.incrementAndGet(), message, answer), Optional.empty());
    return result;
  }

  /** Writes waiting for their answers now. */
  int inFlight() {
    return maxInFlight - slots.availablePermits();
  }

  private void attempt(Call call, Optional<RaftPeerId> suggested) {
    if (call.answer.isDone()) {
      return;
    }
    Optional<RaftPeerId> target = suggested.or(route::leader);
    if (target.isEmpty()) {
      retryLater(call, Optional.empty());
      return;
    }
    RaftPeerId member = target.get();
    CompletableFuture<RaftClientReply> sent;
    try {
      sent = route.send(call.to(member));
    } catch (IOException | RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenCompleteAsync((reply, failure) -> {
      if (failure != null) {
        route.failed(member, failure);
        retryLater(call, Optional.empty());
      } else if (reply.isSuccess()) {
        call.answer.complete(reply);
      } else if (reply.getException() instanceof StateMachineException refused) {
        // Applying failed: every member would fail the same way, so another attempt cannot help.
        call.answer.completeExceptionally(refused);
      } else {
        NotLeaderException notLeader = reply.getNotLeaderException();
        retryLater(call, Optional.ofNullable(notLeader == null ? null : notLeader.getSuggestedLeader())
            .map(peer -> peer.getId()));
      }
    }, this::run);
  }

  private void retryLater(Call call, Optional<RaftPeerId> suggested) {
    if (!call.answer.isDone() && later(() -> attempt(call, suggested), RETRY_PAUSE).isEmpty()) {
      call.answer.completeExceptionally(closing());
    }
  }

  /** Runs {@code task} on the executor; once it is shut down (the member closing) the write has failed already. */
  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // close() failed every write in flight before the executor stopped.
    }
  }

  /** Schedules {@code task}; empty once the executor is shut down. */
  private Optional<ScheduledFuture<?>> later(Runnable task, Duration delay) {
    try {
      return Optional.of(executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      return Optional.empty();
    }
  }

  private static IOException closing() {
    return new IOException("the member is closing");
  }

  /** Fails every write still waiting; their entries may yet be applied, as with any write that times out. */
  @Override
  public void close() {
    for (CompletableFuture<RaftClientReply> answer : inFlight) {
      answer.completeExceptionally(closing());
    }
  }

  /** One write: the same client id, call id and message on every attempt, whichever member it goes to. */
  private final class Call {
    final long id;
    final Message message;
    final CompletableFuture<RaftClientReply> answer;

    Call(long id, Message message, CompletableFuture<RaftClientReply> answer) {
      this.id = id;
      this.message = message;
      this.answer = answer;
    }

    RaftClientRequest to(RaftPeerId member) {
      return RaftClientRequest.newBuilder()
          .setClientId(client)
          .setServerId(member)
          .setGroupId(group)
          .setCallId(id)
          .setMessage(message)
          .setType(RaftClientRequest.writeRequestType())
          .build();
    }
  }
}
