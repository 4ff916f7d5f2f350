package io.rvnt.relay.client;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.protocol.pow.PowSolver;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.OwnerProof;
import io.rvnt.relay.protocol.OwnerSignature;
import io.rvnt.relay.protocol.RelayCodec;
import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One stream to one relay, and the client side of every request of spec §6. Answers arrive in request order, so
 * each request waits for the head of a queue. Deposits may be pipelined ({@link #depositAsync}); a signed request
 * answers the latest challenge the relay sent, so it is sent on its own (and is retried once with the fresh
 * challenge if the relay found the one it used stale). Blocking methods wait at most the client's timeout.
 * A session that failed once (an answer that does not parse, a request unanswered in time, a reset or closed stream)
 * is broken: the stream is reset, every waiting request fails with that cause, and every later one fails at once with
 * it, since the order that matches answers to requests is lost. Thread-safe.
 */
public final class RelaySession implements AutoCloseable {

  /** What one collect returned. */
  public record Batch(List<CollectedEnvelope> envelopes, boolean more) {
    public Batch {
      envelopes = List.copyOf(envelopes);
    }
  }

  private final Stream stream;
  private final byte[] relayPeerId;
  private final Duration timeout;
  private final RelayCodec codec = new RelayCodec(RelayCodec.DEFAULT_MAX_IDS, RelayCodec.DEFAULT_MAX_IDS);
  private final Queue<CompletableFuture<RelayResponse>> pending = new ConcurrentLinkedQueue<>();
  private final LengthPrefixedReader reader;
  private final Object sendLock = new Object();
  // Signed requests and hellos, one at a time: each answers, or fetches, the stream's latest challenge.
  private final Object challengeLock = new Object();
  private volatile byte[] challenge;
  private volatile Throwable broken;

  RelaySession(Stream stream, byte[] relayPeerId, Duration timeout) {
    this.stream = stream;
    this.relayPeerId = relayPeerId.clone();
    this.timeout = timeout;
    this.reader = new LengthPrefixedReader(stream.alloc(), RelayCodec.MAX_RESPONSE_BYTES);
    stream.setHandler(new Answers());
  }

  /** The relay's binary PeerId, as the Noise handshake proved it. */
  public byte[] relayPeerId() {
    return relayPeerId.clone();
  }

  /** Spec §6.1: the relay's parameters; also fetches a challenge. */
  public RelayParams hello() throws IOException {
    RelayResponse r;
    synchronized (challengeLock) {
      r = await(send(new RelayRequest.HelloRequest()));
    }
    return r.params().orElseThrow(() -> new RelayException(RelayStatus.MALFORMED, "a Hello answer without params"));
  }

  /** Spec §6.2: solves the proof of work (on this thread), then creates the mailbox; done if it existed. */
  public void createMailbox(MailboxKey key, int powBits) throws IOException {
    byte[] powChallenge = RelayIds.createPowChallenge(relayPeerId, key.publicKey());
    long nonce = new PowSolver(1).solve(powChallenge, powBits, done -> { }, () -> false).nonce();
    signed(OwnerSignature.Op.CREATE, key, new byte[0],
        owner -> new RelayRequest.CreateMailboxRequest(owner, nonce));
  }

  /** Spec §6.3: makes {@code depositIds} the mailbox's list for {@code day}. */
  public void register(MailboxKey key, int day, List<byte[]> depositIds) throws IOException {
    signed(OwnerSignature.Op.REGISTER, key, OwnerSignature.registerPayload(day, depositIds),
        owner -> new RelayRequest.RegisterDepositsRequest(owner, day, depositIds));
  }

  /** Spec §6.4; throws {@link RelayException} unless the relay stored the envelope. */
  public void deposit(byte[] depositId, byte[] blob) throws IOException {
    RelayStatus status = await(depositAsync(depositId, blob)).status();
    if (status != RelayStatus.OK) {
      throw new RelayException(status, "the relay refused the deposit: " + status);
    }
  }

  /** A pipelined deposit: the answer's status, OK once the envelope is on the relay's disk. */
  public CompletableFuture<RelayResponse> depositAsync(byte[] depositId, byte[] blob) {
    return send(new RelayRequest.DepositRequest(depositId, blob));
  }

  /** Spec §6.5: deletes {@code acknowledged}, then returns up to {@code max} waiting envelopes. */
  public Batch collect(MailboxKey key, List<byte[]> acknowledged, int max) throws IOException {
    RelayResponse r = signed(OwnerSignature.Op.COLLECT, key, OwnerSignature.collectPayload(max, acknowledged),
        owner -> new RelayRequest.CollectRequest(owner, acknowledged, max));
    return new Batch(r.envelopes(), r.more());
  }

  /** Spec §6.6. */
  public void deleteMailbox(MailboxKey key) throws IOException {
    signed(OwnerSignature.Op.DELETE, key, new byte[0], RelayRequest.DeleteMailboxRequest::new);
  }

  /** Sends any request as it is, for tests and tools that need to; the answer comes back whatever its status. */
  public CompletableFuture<RelayResponse> send(RelayRequest request) {
    return sendBytes(codec.encodeRequest(request));
  }

  /** Sends {@code message} framed as a request, whatever it holds: for bad-input tests. */
  public CompletableFuture<RelayResponse> sendBytes(byte[] message) {
    CompletableFuture<RelayResponse> answer = new CompletableFuture<>();
    synchronized (sendLock) {
      Throwable cause = broken;
      if (cause != null) {
        answer.completeExceptionally(cause);
        return answer;
      }
      pending.add(answer);
      stream.write(LengthPrefixedReader.frame(stream.alloc(), message)).whenComplete((v, e) -> {
        if (e != null) {
          breakSession(e);
        }
      });
    }
    return answer;
  }

  /** Why the session is broken, or null while it works. */
  public Throwable failure() {
    return broken;
  }

  /** The latest challenge the relay sent, or null before the first answer that carried one. */
  public byte[] latestChallenge() {
    byte[] c = challenge;
    return c == null ? null : c.clone();
  }

  private RelayResponse signed(OwnerSignature.Op op, MailboxKey key, byte[] payload,
      Function<OwnerProof, RelayRequest> request) throws IOException {
    RelayResponse r;
    synchronized (challengeLock) {
      if (challenge == null) {
        hello();
      }
      r = await(send(request.apply(OwnerSignature.sign(op, relayPeerId, challenge, key.seed(), payload))));
      if (r.status() == RelayStatus.STALE_CHALLENGE || r.status() == RelayStatus.BAD_CHALLENGE) {
        r = await(send(request.apply(OwnerSignature.sign(op, relayPeerId, challenge, key.seed(), payload))));
      }
    }
    if (r.status() != RelayStatus.OK) {
      throw new RelayException(r.status(), "the relay refused the request: " + r.status());
    }
    return r;
  }

  private RelayResponse await(CompletableFuture<RelayResponse> answer) throws IOException {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      IOException late = new IOException("the relay did not answer within " + timeout.toSeconds() + " s", e);
      breakSession(late);
      throw late;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RelayException r) {
        throw r;
      }
      if (e.getCause() instanceof IOException io) {
        // A broken session's own reason (a request unanswered in time, the relay closing), with this call's stack.
        throw new IOException(io.getMessage(), io);
      }
      throw new IOException("the relay stream failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the relay", e);
    }
  }

  /** Ends the stream; requests still waiting fail. */
  @Override
  public void close() {
    stream.closeWrite();
  }

  /**
   * Marks the session broken with {@code cause} (the first cause stays), fails every waiting request and resets the
   * stream. Safe from any thread, and more than once.
   */
  private void breakSession(Throwable cause) {
    synchronized (sendLock) {
      if (broken == null) {
        broken = cause;
      }
    }
    for (CompletableFuture<RelayResponse> f; (f = pending.poll()) != null; ) {
      f.completeExceptionally(broken);
    }
    stream.reset();
  }

  private final class Answers implements StreamHandler {
    @Override
    public void onData(ByteBuf data) {
      reader.add(data);
      try {
        byte[] message;
        while ((message = reader.next()) != null) {
          RelayResponse response = codec.decodeResponse(message);
          if (response.challenge().length > 0) {
            challenge = response.challenge();
          }
          CompletableFuture<RelayResponse> head = pending.poll();
          if (head == null) {
            throw new RelayException(RelayStatus.MALFORMED, "an answer to no request");
          }
          head.complete(response);
        }
      } catch (MultiformatException | RelayException e) {
        breakSession(e);
      }
    }

    @Override
    public void onRemoteClosed() {
      breakSession(new IOException("the relay closed the stream"));
    }

    @Override
    public void onClosed(Throwable cause) {
      reader.release();
      breakSession(cause != null ? cause : new IOException("the relay stream closed"));
    }
  }
}
