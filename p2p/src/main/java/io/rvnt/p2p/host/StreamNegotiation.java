package io.rvnt.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.multistream.Negotiator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * multistream-select on one muxed stream, then hand-over to the agreed protocol's handler. Bytes that follow the
 * agreement (a lazy initiator's first message) and a FIN that arrives early are passed on in order. A stream that
 * does not agree within {@link P2pLimits#negotiationTimeout()}, or sends garbage, is reset. Runs on the stream's
 * executor.
 */
final class StreamNegotiation<C> implements StreamHandler {

  private final MuxedStream muxed;
  private final Connection connection;
  private final Negotiator negotiator;
  private final Function<String, ProtocolHandler<?>> handlers;
  private final ProtocolHandler<C> initiatorHandler;
  private final CompletableFuture<C> result;
  private final P2pLimits limits;
  private CompositeByteBuf cumulation;
  private ScheduledFuture<?> timeout;
  private NegotiatedStream negotiated;
  private boolean remoteClosed;
  private boolean closed;
  private Throwable closeCause;
  private boolean failed;

  private StreamNegotiation(MuxedStream muxed, Connection connection, Negotiator negotiator,
      Function<String, ProtocolHandler<?>> handlers, ProtocolHandler<C> initiatorHandler, CompletableFuture<C> result,
      P2pLimits limits) {
    this.muxed = muxed;
    this.connection = connection;
    this.negotiator = negotiator;
    this.handlers = handlers;
    this.initiatorHandler = initiatorHandler;
    this.result = result;
    this.limits = limits;
  }

  /** Answers the remote's proposals with the protocols {@code handlers} knows. */
  static void respond(MuxedStream muxed, Connection connection, Function<String, ProtocolHandler<?>> handlers,
      List<String> listed, P2pLimits limits) {
    Negotiator negotiator = Negotiator.responder(p -> handlers.apply(p) != null, listed,
        limits.maxMultistreamMessage(), muxed.alloc());
    new StreamNegotiation<Object>(muxed, connection, negotiator, handlers, null, null, limits).start();
  }

  /** Proposes {@code protocols}; completes with the handler's controller. */
  static <C> CompletableFuture<C> initiate(MuxedStream muxed, Connection connection, List<String> protocols,
      ProtocolHandler<C> handler, P2pLimits limits) {
    CompletableFuture<C> result = new CompletableFuture<>();
    Negotiator negotiator = Negotiator.initiator(protocols, limits.maxMultistreamMessage(), muxed.alloc());
    new StreamNegotiation<>(muxed, connection, negotiator, null, handler, result, limits).start();
    return result;
  }

  private void start() {
    muxed.executor().execute(() -> {
      cumulation = muxed.alloc().compositeBuffer();
      timeout = muxed.executor().schedule(
          () -> fail(new P2pException(P2pException.Reason.NEGOTIATION_TIMEOUT, "multistream-select took too long")),
          limits.negotiationTimeout().toNanos(), TimeUnit.NANOSECONDS);
      // Our header goes out before any answer to data already held for the stream.
      muxed.write(negotiator.start());
      muxed.setHandler(this);
    });
  }

  @Override
  public void onData(ByteBuf data) {
    if (failed) {
      data.release();
      return;
    }
    cumulation.addComponent(true, data);
    if (negotiated != null) {
      return; // agreed, waiting for the protocol handler to take over
    }
    if (cumulation.readableBytes() > limits.maxMultistreamMessage() * 4) {
      fail(new P2pException(P2pException.Reason.MESSAGE_TOO_LARGE, "multistream: too much unanswered input"));
      return;
    }
    try {
      Negotiator.Step step = negotiator.feed(cumulation);
      cumulation.discardReadComponents();
      if (step.toSend() != null) {
        muxed.write(step.toSend());
      }
      if (step.agreed() != null) {
        onAgreed(step.agreed());
      }
    } catch (P2pException e) {
      fail(e);
    }
  }

  private void onAgreed(String protocol) {
    timeout.cancel(false);
    // Until the protocol handler takes over, nothing more is read: what it has not consumed must not pile up here.
    muxed.setReadPaused(true);
    negotiated = new NegotiatedStream(muxed, protocol, connection, this);
    try {
      if (initiatorHandler != null) {
        result.complete(initiatorHandler.onStream(negotiated));
      } else {
        handlers.apply(protocol).onStream(negotiated);
      }
    } catch (RuntimeException e) {
      fail(new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "protocol handler failed", e));
    }
  }

  /**
   * The protocol handler set its handler: pass it what arrived so far, then let the stream feed it directly. The
   * stream stays paused: whether it reads on is the handler's wish, which {@link NegotiatedStream} applies.
   */
  void handOver(StreamHandler target) {
    if (cumulation.refCnt() > 0) {
      if (cumulation.isReadable()) {
        target.onData(cumulation.retainedSlice());
      }
      cumulation.release();
    }
    if (remoteClosed) {
      target.onRemoteClosed();
    }
    if (closed) {
      target.onClosed(closeCause); // the stream told the negotiation, and tells no one twice
      return;
    }
    muxed.setHandler(target);
  }

  @Override
  public void onRemoteClosed() {
    remoteClosed = true;
    if (negotiated == null) {
      fail(new P2pException(P2pException.Reason.PROTOCOL_NOT_SUPPORTED, "stream closed during negotiation"));
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    if (negotiated == null && !failed) {
      failed = true;
      timeout.cancel(false);
      cumulation.release();
      if (result != null) {
        result.completeExceptionally(cause != null ? cause
            : new P2pException(P2pException.Reason.PROTOCOL_NOT_SUPPORTED, "stream closed during negotiation"));
      }
    } else if (negotiated != null) {
      // Agreed, but the protocol handler has not taken over yet (or holds reading paused): it hears of the end
      // when it does. A reset stream's bytes are moot, and a handler that never resumes must not keep them.
      closed = true;
      closeCause = cause;
      if (cause != null && cumulation.refCnt() > 0) {
        cumulation.release();
      }
    }
  }

  private void fail(P2pException cause) {
    if (failed || negotiated != null && cause.reason() != P2pException.Reason.PROTOCOL_VIOLATION) {
      return;
    }
    failed = true;
    timeout.cancel(false);
    if (cumulation.refCnt() > 0) {
      cumulation.release();
    }
    if (result != null) {
      result.completeExceptionally(cause);
    }
    muxed.reset();
  }
}
