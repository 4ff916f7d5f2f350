package io.rvnt.server.cluster;

import io.rvnt.protocol.identitylog.Lookup;
import io.rvnt.protocol.identitylog.LookupResult;
import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Ledger;
import io.rvnt.server.ledger.LedgerUnavailableException;
import io.rvnt.server.ledger.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * A cluster member's ledger: a command becomes an entry of the replicated log, and its future completes with the
 * outcome once the entry is committed on a majority and applied on the leader. The writes go through
 * {@link WriteCalls}: many in flight at once, each one Raft call sent to whoever leads (this member's own Raft server
 * when it leads, the leader over the replication listener otherwise) and sent again, the same call, to the next leader
 * when the first cannot answer, so that a retried entry is applied at most once (Ratis's retry cache, which every
 * member fills as it applies). A leader that loses its leadership while the entry waits answers with an error, which
 * is retried; whatever cannot be answered within the deadline (no leader, a partition, a member closing), and a write
 * over the bound of writes in flight, is {@link LedgerUnavailableException}: the client gets {@code 503} and learns
 * nothing either way. Thread-safe.
 */
final class RaftLedger implements Ledger {
  private static final Logger LOG = Logger.getLogger(RaftLedger.class.getName());
  /** The client's {@code Retry-After} when the cluster cannot answer: about one election. */
  private static final long RETRY_AFTER_SECONDS = 2;

  private final LeaderRoute route;
  private final WriteCalls writes;
  private final RaftGroupId group;
  private final RaftPeerId self;
  private final Duration deadline;
  private final ClientId localClient = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  /**
   * @param route reaches this member's own Raft server, for the linearizable reads
   * @param writes carries the commands to the leader
   */
  RaftLedger(LeaderRoute route, WriteCalls writes, RaftGroupId group, RaftPeerId self, Duration deadline) {
    this.route = route;
    this.writes = writes;
    this.group = group;
    this.self = self;
    this.deadline = deadline;
  }

  @Override
  public CompletableFuture<Outcome> submit(Command command) {
    Message message = Message.valueOf(ByteString.copyFrom(LogCodec.encode(command)));
    return writes.submit(message).handle((answer, failure) -> {
      if (failure != null) {
        // The kind of failure only: it names no user and no request.
        LOG.fine(() -> "a write was not acknowledged: " + kind(failure));
        throw new CompletionException(unavailable());
      }
      try {
        return LogCodec.decodeOutcome(answer.getMessage().getContent().toByteArray());
      } catch (LogCodec.LogFormatException e) {
        throw new CompletionException(unavailable());
      }
    });
  }

  private RaftClientRequest request(Message message, RaftClientRequest.Type type) {
    return RaftClientRequest.newBuilder()
        .setClientId(localClient)
        .setServerId(self)
        .setGroupId(group)
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(type)
        .build();
  }

  /** A cluster member's copy may lag the leader's. */
  @Override
  public boolean mayLag() {
    return true;
  }

  /**
   * Asks this member's Raft server for a linearizable read (the read index of Raft §6.4: the leader confirms its
   * commit index, this member waits until it has applied that far), then reads its own copy.
   */
  @Override
  public Optional<byte[]> freshBundle(String username) {
    Message lookup = Message.valueOf(ByteString.copyFrom(
        Lookup.newBuilder().setUsername(username).build().toByteArray()));
    try {
      RaftClientReply reply = route.send(request(lookup, RaftClientRequest.readRequestType()))
          .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        throw unavailable();
      }
      LookupResult result = LookupResult.parseFrom(reply.getMessage().getContent().toByteArray());
      return result.getStoredBundle().isEmpty()
          ? Optional.empty() : Optional.of(result.getStoredBundle().toByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw unavailable();
    }
  }

  private static String kind(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause == null ? "no reply" : cause.getClass().getSimpleName();
  }

  /** The cause stays out of the message: the client learns only that the cluster cannot answer now. */
  private static LedgerUnavailableException unavailable() {
    return new LedgerUnavailableException("the cluster has no leader it can reach now, retry later",
        RETRY_AFTER_SECONDS);
  }
}
