package io.rvnt.relay.core;

import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.OwnerSignature;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayCodec;
import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayRequest.CollectRequest;
import io.rvnt.relay.protocol.RelayRequest.CreateMailboxRequest;
import io.rvnt.relay.protocol.RelayRequest.DeleteMailboxRequest;
import io.rvnt.relay.protocol.RelayRequest.DepositRequest;
import io.rvnt.relay.protocol.RelayRequest.HelloRequest;
import io.rvnt.relay.protocol.RelayRequest.RegisterDepositsRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rules of the relay protocol (spec §5, §6), in the order of spec §6.0, over a {@link RelayStore}. The edge
 * decodes a request and hands it here with the stream's latest challenge; every answer, refusals included, comes
 * back as a {@link RelayResponse}. Deposits are checked on the caller's thread (cheap checks only) and written by
 * the group-commit {@link Writer}; signatures, proofs of work and reads run on {@code workers}. Never blocks the
 * caller. Thread-safe.
 */
public final class Relay implements AutoCloseable {

  /** Keys deleted per commit by the purge. */
  static final int PURGE_CHUNK = 1_000;

  private final RelayStore store;
  private final RelayLimits limits;
  private final byte[] relayPeerId;
  private final Clock clock;
  private final LongSupplier freeDiskBytes;
  private final RelayCounters counters;
  private final RequestStats requests;
  private final Executor workers;
  private final OwnerCheck owners;
  private final Ledger ledger;
  private final Writer writer;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param relayPeerId the relay's binary PeerId, which every signature and proof of work covers (spec §5)
   * @param freeDiskBytes usable bytes on the store's file system, checked against the watermark (may be cached)
   * @param workers runs signature checks, proofs of work and collect reads; a rejection answers UNAVAILABLE
   */
  public Relay(RelayStore store, RelayLimits limits, byte[] relayPeerId, Clock clock, LongSupplier freeDiskBytes,
      RelayCounters counters, Executor workers) {
    this.store = store;
    this.limits = limits;
    this.relayPeerId = relayPeerId.clone();
    this.clock = clock;
    this.freeDiskBytes = freeDiskBytes;
    this.counters = counters;
    this.requests = new RequestStats(clock);
    this.workers = workers;
    this.owners = new OwnerCheck(this.relayPeerId, clock, limits);
    this.ledger = new Ledger(counters);
    this.writer = new Writer(store, ledger, counters, limits.writeQueueCapacity(), limits.maxWriteBatch());
  }

  /** Reads the quota counters and starts the writer. */
  public void start() {
    ledger.load(store);
    writer.start();
  }

  /** Whether the writer takes writes: from {@link #start} until {@link #close}. Reads a flag: never blocks. */
  public boolean acceptingWrites() {
    return writer.running();
  }

  public RelayLimits limits() {
    return limits;
  }

  public RelayCounters counters() {
    return counters;
  }

  /** Requests answered per type, with their latency. */
  public RequestStats requests() {
    return requests;
  }

  /** A fresh challenge for a stream (spec §5.1). */
  public Challenge newChallenge() {
    byte[] bytes = new byte[OwnerSignature.CHALLENGE_BYTES];
    random.nextBytes(bytes);
    return new Challenge(bytes, clock.millis());
  }

  public RelayParams params() {
    return new RelayParams(Days.today(clock), limits.retentionDays(), Padding.SIZES, limits.createPowBits(),
        limits.maxEnvelopesPerMailbox(), limits.maxBytesPerMailbox(), limits.maxDepositIdsPerDay(),
        limits.registerDaysAhead(), Math.toIntExact(limits.challengeTtl().toSeconds()), limits.maxCollectEnvelopes(),
        limits.maxRequestBytes(), RelayCodec.MAX_RESPONSE_BYTES, limits.requestsPerSecond(), limits.requestBurst());
  }

  /**
   * Answers one request. {@code outstanding} is the stream's latest challenge, or null if it sent none; the edge
   * replaces it before the next request (spec §5.1), so each is answered at most once.
   */
  public CompletableFuture<RelayResponse> handle(RelayRequest request, Challenge outstanding) {
    long started = System.nanoTime();
    RequestStats.Type type = RequestStats.Type.of(request);
    CompletableFuture<RelayResponse> answer;
    try {
      answer = dispatch(request, outstanding);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.exceptionally(this::refusal).thenApply(response -> {
      requests.answered(type, System.nanoTime() - started);
      return response;
    });
  }

  private CompletableFuture<RelayResponse> dispatch(RelayRequest request, Challenge outstanding) {
    if (request instanceof HelloRequest) {
      return CompletableFuture.completedFuture(new RelayResponse(RelayStatus.OK, new byte[0],
          Optional.of(params()), List.of(), false));
    } else if (request instanceof DepositRequest d) {
      return deposit(d);
    } else if (request instanceof CreateMailboxRequest c) {
      return onWorkers(() -> owners.check(OwnerSignature.Op.CREATE, c.owner(), outstanding, new byte[0],
          Optional.of(c.powNonce()))).thenCompose(mailbox -> create(mailbox, c.owner().publicKey()));
    } else if (request instanceof RegisterDepositsRequest r) {
      return onWorkers(() -> owners.check(OwnerSignature.Op.REGISTER, r.owner(), outstanding,
          OwnerSignature.registerPayload(r.day(), r.depositIds()), Optional.empty()))
          .thenCompose(mailbox -> register(mailbox, r));
    } else if (request instanceof CollectRequest c) {
      return onWorkers(() -> owners.check(OwnerSignature.Op.COLLECT, c.owner(), outstanding,
          OwnerSignature.collectPayload(c.maxEnvelopes(), c.acknowledged()), Optional.empty()))
          .thenCompose(mailbox -> collect(mailbox, c));
    } else if (request instanceof DeleteMailboxRequest d) {
      return onWorkers(() -> owners.check(OwnerSignature.Op.DELETE, d.owner(), outstanding, new byte[0],
          Optional.empty())).thenCompose(this::delete);
    }
    throw new AssertionError("a request type the relay does not know: " + request.getClass().getSimpleName());
  }

  /** Spec §6.4, steps 1-3 here, the rest on the writer ({@link EnvelopeOps.Deposit}). */
  private CompletableFuture<RelayResponse> deposit(DepositRequest d) {
    byte[] blob = d.blob();
    if (blob.length > Padding.MAX_BLOB_BYTES) {
      throw new RelayException(RelayStatus.TOO_LARGE, "a blob above " + Padding.MAX_BLOB_BYTES + " bytes");
    }
    if (!Padding.isPaddedSize(blob.length)) {
      throw new RelayException(RelayStatus.BAD_PADDING, "a blob must be 1024, 4096, 16384 or 65536 bytes");
    }
    requireDisk();
    return writer.submit(new EnvelopeOps.Deposit(ledger, limits, counters, Days.today(clock), d.depositId(),
        RelayIds.envelopeId(blob), blob)).thenApply(stored -> RelayResponse.of(RelayStatus.OK));
  }

  private CompletableFuture<RelayResponse> create(byte[] mailbox, byte[] publicKey) {
    requireDisk();
    return writer.submit(new MailboxOps.Create(ledger, counters, mailbox, publicKey))
        .thenApply(created -> RelayResponse.of(RelayStatus.OK));
  }

  /** Spec §6.3 step 6 onwards. */
  private CompletableFuture<RelayResponse> register(byte[] mailbox, RegisterDepositsRequest r) {
    int today = Days.today(clock);
    if (r.day() < today - 1 || r.day() > today + limits.registerDaysAhead()) {
      throw new RelayException(RelayStatus.BAD_DAY, "registrations are for yesterday to "
          + limits.registerDaysAhead() + " days ahead");
    }
    if (r.depositIds().size() > limits.maxDepositIdsPerDay()) {
      throw new RelayException(RelayStatus.TOO_MANY_IDS, "at most " + limits.maxDepositIdsPerDay()
          + " deposit ids per day");
    }
    Set<ByteBuffer> distinct = new HashSet<>();
    for (byte[] id : r.depositIds()) {
      if (!distinct.add(ByteBuffer.wrap(id))) {
        throw new RelayException(RelayStatus.MALFORMED, "a deposit id listed twice");
      }
    }
    requireDisk();
    return writer.submit(new MailboxOps.Register(counters, mailbox, r.day(), r.depositIds()))
        .thenApply(v -> RelayResponse.of(RelayStatus.OK));
  }

  /** Spec §6.5: acknowledged envelopes are deleted (synced) before the waiting ones are read. */
  private CompletableFuture<RelayResponse> collect(byte[] mailbox, CollectRequest c) {
    if (c.acknowledged().size() > limits.maxCollectEnvelopes()) {
      throw new RelayException(RelayStatus.TOO_MANY_IDS, "at most " + limits.maxCollectEnvelopes()
          + " acknowledgements per collect");
    }
    int today = Days.today(clock);
    int firstDay = today - limits.retentionDays() + 1;
    CompletableFuture<Integer> acknowledged = c.acknowledged().isEmpty() ? CompletableFuture.completedFuture(0)
        : writer.submit(new EnvelopeOps.Acknowledge(ledger, counters, firstDay, today, mailbox, c.acknowledged()));
    long wanted = Math.min(Integer.toUnsignedLong(c.maxEnvelopes()), limits.maxCollectEnvelopes());
    return acknowledged.thenCompose(n -> onWorkers(() -> waiting(mailbox, firstDay, today, (int) wanted)));
  }

  /** Envelopes of the retained days, oldest day first, within the response's limits; never an expired one. */
  private RelayResponse waiting(byte[] mailbox, int firstDay, int today, int wanted) {
    List<CollectedEnvelope> out = new ArrayList<>();
    long[] bytes = {0};
    boolean[] more = {false};
    for (int day = firstDay; day <= today && !more[0]; day++) {
      int receiptDay = day;
      store.scan(RelayKeys.mailboxDayStart(day, mailbox), RelayKeys.mailboxDayEnd(day, mailbox), (key, blob) -> {
        if (out.size() >= wanted || (!out.isEmpty() && bytes[0] + blob.length > limits.maxCollectBytes())) {
          more[0] = true;
          return false;
        }
        out.add(new CollectedEnvelope(RelayKeys.envelopeIdOf(key), receiptDay, blob));
        bytes[0] += blob.length;
        return true;
      });
    }
    counters.collected(out.size());
    return new RelayResponse(RelayStatus.OK, new byte[0], Optional.empty(), out, more[0]);
  }

  private CompletableFuture<RelayResponse> delete(byte[] mailbox) {
    int today = Days.today(clock);
    return writer.submit(new MailboxOps.Delete(store, ledger, counters, today, today + limits.registerDaysAhead(),
        mailbox)).thenApply(deleted -> RelayResponse.of(RelayStatus.OK));
  }

  /**
   * Spec §6.7: deletes every envelope out of retention and every registration of a day that takes no deposits, in
   * synced chunks; completes with the number of envelopes deleted. The daemon calls it on a schedule.
   */
  public CompletableFuture<Integer> purge() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    purgePart(0, done);
    return done;
  }

  private void purgePart(int soFar, CompletableFuture<Integer> done) {
    int today = Days.today(clock);
    Purge part = new Purge(store, ledger, counters, today - limits.retentionDays() + 1, today - 1, PURGE_CHUNK);
    writer.submit(part).whenComplete((expired, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
      } else if (part.hasMore()) {
        purgePart(soFar + expired, done);
      } else {
        done.complete(soFar + expired);
      }
    });
  }

  private void requireDisk() {
    if (freeDiskBytes.getAsLong() < limits.minFreeDiskBytes()) {
      throw new RelayException(RelayStatus.STORAGE_FULL, "the relay is short of disk space");
    }
  }

  private <T> CompletableFuture<T> onWorkers(Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, workers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new RelayException(RelayStatus.UNAVAILABLE, "the relay is busy"));
    }
  }

  /** Every failure becomes a status here and nowhere else; each refusal is counted once. */
  private RelayResponse refusal(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
        : failure;
    RelayStatus status = cause instanceof RelayException e ? e.status() : RelayStatus.UNAVAILABLE;
    counters.refused(status);
    return RelayResponse.of(status);
  }

  /** Stops the writer; queued writes are refused with UNAVAILABLE. The caller closes the store afterwards. */
  @Override
  public void close() {
    writer.close();
  }
}
