package io.rvnt.relay.p2p;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.relay.core.Challenge;
import io.rvnt.relay.core.Relay;
import io.rvnt.relay.protocol.RelayCodec;
import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's edge on the libp2p host ({@link RelayCodec#PROTOCOL_ID}, spec §3): cuts length-prefixed requests out of
 * an inbound stream, spends the connection's rate-limit token, decodes, keeps the stream's challenge (spec §5.1),
 * hands each request to the {@link Relay}, and writes the answers in request order. Requests of a stream run
 * concurrently up to {@code maxPipelinedRequests} (so that a sender's deposits share a group commit); beyond that
 * the stream is not read until an answer leaves. A message over the size limit, or a broken length prefix, is
 * answered and ends the stream's reading half; every other refusal is an answer and the stream goes on. Nothing
 * here is logged or kept about a peer.
 */
public final class RelayProtocolHandler implements ProtocolHandler<Void> {

  private final Relay relay;
  private final RelayCodec codec;
  private final ConnectionRateLimiter limiter;
  private final int maxRequestBytes;
  private final int maxPipelined;

  public RelayProtocolHandler(Relay relay, Clock clock) {
    this.relay = relay;
    this.codec = new RelayCodec(relay.limits().maxDepositIdsPerDay(), relay.limits().maxCollectEnvelopes());
    this.limiter = new ConnectionRateLimiter(relay.limits().requestsPerSecond(), relay.limits().requestBurst(), clock);
    this.maxRequestBytes = relay.limits().maxRequestBytes();
    this.maxPipelined = relay.limits().maxPipelinedRequests();
  }

  @Override
  public Void onStream(Stream stream) {
    stream.setHandler(new Session(stream));
    return null;
  }

  /** One stream's state; touched only on the stream's executor. */
  private final class Session implements StreamHandler {
    private final Stream stream;
    private final Connection connection;
    private final LengthPrefixedReader reader;
    private Challenge challenge;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int inFlight;
    private boolean paused;
    private boolean done;
    private boolean remoteClosed;
    private boolean finished;

    Session(Stream stream) {
      this.stream = stream;
      this.connection = stream.connection();
      this.reader = new LengthPrefixedReader(stream.alloc(), maxRequestBytes);
    }

    @Override
    public void onData(ByteBuf data) {
      if (done) {
        data.release();
        return;
      }
      reader.add(data);
      drain();
    }

    private void drain() {
      while (!done && inFlight < maxPipelined) {
        byte[] frame;
        try {
          frame = reader.next();
        } catch (MultiformatException e) {
          RelayStatus status = e.reason() == MultiformatException.Reason.TOO_LONG ? RelayStatus.TOO_LARGE
              : RelayStatus.MALFORMED;
          relay.counters().refused(status);
          // The framing is lost: answer, stop reading (what still arrives is dropped), and end the stream.
          done = true;
          reply(CompletableFuture.completedFuture(RelayResponse.of(status)), null);
          tail.whenComplete((v, x) -> stream.closeWrite());
          if (paused) {
            paused = false;
            stream.setReadPaused(false);
          }
          return;
        }
        if (frame == null) {
          break;
        }
        process(frame);
      }
      boolean full = inFlight >= maxPipelined;
      if (full != paused) {
        paused = full;
        stream.setReadPaused(full);
      }
    }

    private void process(byte[] frame) {
      if (!limiter.tryAcquire(connection)) {
        relay.counters().refused(RelayStatus.RATE_LIMITED);
        reply(CompletableFuture.completedFuture(RelayResponse.of(RelayStatus.RATE_LIMITED)), null);
        return;
      }
      RelayRequest request;
      try {
        request = codec.decodeRequest(frame);
      } catch (RelayException e) {
        relay.counters().refused(e.status());
        reply(CompletableFuture.completedFuture(RelayResponse.of(e.status())), null);
        return;
      }
      if (request instanceof RelayRequest.DepositRequest) {
        reply(relay.handle(request, null), null);
        return;
      }
      // Spec §5.1: the presented challenge is used up now; the answer carries its successor.
      Challenge presented = challenge;
      challenge = relay.newChallenge();
      reply(relay.handle(request, presented), challenge.bytes());
    }

    /** Writes {@code answer} after every earlier answer of this stream. */
    private void reply(CompletableFuture<RelayResponse> answer, byte[] nextChallenge) {
      inFlight++;
      tail = tail.thenCompose(v -> answer)
          .thenCompose(response -> {
            RelayResponse out = nextChallenge == null ? response : response.withChallenge(nextChallenge);
            return stream.write(LengthPrefixedReader.frame(stream.alloc(), codec.encodeResponse(out)));
          })
          .handle((v, e) -> null);
      tail.whenComplete((v, e) -> stream.runOnExecutor(this::answered));
    }

    private void answered() {
      inFlight--;
      if (!done) {
        drain();
      }
      finishIfDone();
    }

    /** Once the client has closed its half and every request it sent is answered, closes ours. */
    private void finishIfDone() {
      if (remoteClosed && !done && inFlight == 0 && !finished) {
        finished = true;
        stream.closeWrite();
      }
    }

    @Override
    public void onRemoteClosed() {
      remoteClosed = true;
      drain();
      finishIfDone();
    }

    @Override
    public void onClosed(Throwable cause) {
      done = true;
      reader.release();
    }
  }
}
