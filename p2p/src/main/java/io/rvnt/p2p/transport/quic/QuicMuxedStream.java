package io.rvnt.p2p.transport.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.StreamHandler;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One bidirectional QUIC stream as a {@link MuxedStream}. QUIC does the flow control: while no handler is set or
 * reading is paused, the channel does not read, so quiche keeps the bytes within the stream's window and grants no
 * new credit; only what one read already pulled in is held here.
 */
final class QuicMuxedStream extends ChannelInboundHandlerAdapter implements MuxedStream {

  /** Application error code sent with RESET_STREAM and STOP_SENDING when this side aborts a stream. */
  static final int RESET_ERROR_CODE = 0;

  private final boolean initiator;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private volatile QuicStreamChannel channel;

  // Guarded by the stream's event loop.
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private StreamHandler handler;
  private boolean paused;
  private boolean remoteClosed;
  private boolean remoteClosedDelivered;
  private boolean closed;
  private Throwable closeCause;
  private boolean closedDelivered;
  private ChannelFuture lastWrite;

  QuicMuxedStream(boolean initiator) {
    this.initiator = initiator;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = (QuicStreamChannel) ctx.channel();
    // A FIN must end only the reading half: libp2p protocols half-close (multistream, identify, echo).
    channel.config().setAllowHalfClosure(true);
    channel.config().setAutoRead(false);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf data)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (closed) {
      data.release();
      return;
    }
    held.add(data);
    drain();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      remoteClosed = true;
      drain();
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (closeCause == null) {
      closeCause = new P2pException(P2pException.Reason.STREAM_RESET, "stream aborted by the remote or the connection",
          cause);
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    if (closeCause == null && !(remoteClosed && channel.isOutputShutdown())) {
      closeCause = new P2pException(P2pException.Reason.STREAM_RESET, "stream ended before both sides finished");
    }
    if (closeCause != null) {
      releaseHeld();
    }
    drain();
    closeFuture.complete(null);
  }

  private void drain() {
    if (handler == null) {
      return;
    }
    while (!paused && !held.isEmpty()) {
      handler.onData(held.poll());
    }
    if (!held.isEmpty()) {
      return;
    }
    if (remoteClosed && !remoteClosedDelivered && closeCause == null) {
      remoteClosedDelivered = true;
      handler.onRemoteClosed();
    }
    if (closed && !closedDelivered) {
      closedDelivered = true;
      handler.onClosed(closeCause);
    }
  }

  private void releaseHeld() {
    ByteBuf data;
    while ((data = held.poll()) != null) {
      data.release();
    }
  }

  @Override
  public void setHandler(StreamHandler newHandler) {
    runOnExecutor(() -> {
      handler = newHandler;
      drain();
      updateReading();
    });
  }

  @Override
  public void setReadPaused(boolean pause) {
    runOnExecutor(() -> {
      paused = pause;
      drain();
      updateReading();
    });
  }

  private void updateReading() {
    boolean read = handler != null && !paused && !closed;
    if (channel.config().isAutoRead() != read) {
      channel.config().setAutoRead(read);
    }
  }

  @Override
  public CompletableFuture<Void> write(ByteBuf data) {
    ChannelPromise promise = channel.newPromise();
    runOnExecutor(() -> {
      lastWrite = promise;
      channel.writeAndFlush(data, promise);
    });
    return toCompletable(promise, "write failed: stream closed or reset");
  }

  /**
   * Sends FIN once the writes before it are taken, in an event-loop task of its own. A FIN sent from inside the read
   * callback that delivered the remote's FIN (an echo closing as soon as its reader is done) was seen, about one run
   * in ten while the listener's socket was flooded, never to leave quiche, with no packet loss recorded on either
   * side; sent from a task of its own it was not seen again in 40 runs.
   */
  @Override
  public CompletableFuture<Void> closeWrite() {
    ChannelPromise promise = channel.newPromise();
    // quiche sends FIN at once, so it waits for the writes before it: none of their bytes may be cut off. Always a
    // task of its own, never inside the read callback that may have asked for it.
    channel.eventLoop().execute(() -> {
      if (lastWrite == null || lastWrite.isDone()) {
        channel.shutdownOutput(promise);
      } else {
        lastWrite.addListener(f -> channel.shutdownOutput(promise));
      }
    });
    return toCompletable(promise, "stream already closed");
  }

  @Override
  public void reset() {
    runOnExecutor(() -> {
      if (closeCause == null) {
        closeCause = new P2pException(P2pException.Reason.STREAM_RESET, "stream reset by this side");
      }
      if (channel.isActive()) {
        channel.shutdown(RESET_ERROR_CODE).addListener(f -> channel.close());
      }
    });
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public EventExecutor executor() {
    return channel.eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  private static CompletableFuture<Void> toCompletable(ChannelFuture future, String failure) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    future.addListener(f -> {
      if (f.isSuccess()) {
        result.complete(null);
      } else {
        result.completeExceptionally(new P2pException(P2pException.Reason.STREAM_RESET, failure, f.cause()));
      }
    });
    return result;
  }
}
