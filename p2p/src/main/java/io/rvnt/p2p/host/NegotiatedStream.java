package io.rvnt.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import java.util.concurrent.CompletableFuture;

/** A muxed stream after multistream-select: knows its protocol and connection. */
final class NegotiatedStream implements Stream {

  private final MuxedStream muxed;
  private final String protocol;
  private final Connection connection;
  // Guarded by the stream's executor.
  private StreamNegotiation<?> negotiation;
  private StreamHandler waiting;
  private boolean readPaused;

  NegotiatedStream(MuxedStream muxed, String protocol, Connection connection, StreamNegotiation<?> negotiation) {
    this.muxed = muxed;
    this.protocol = protocol;
    this.connection = connection;
    this.negotiation = negotiation;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public void setHandler(StreamHandler handler) {
    runOnExecutor(() -> setHandlerOnLoop(handler));
  }

  private void setHandlerOnLoop(StreamHandler handler) {
    if (negotiation == null) {
      muxed.setHandler(handler);
      return;
    }
    waiting = handler;
    handOverUnlessPaused();
  }

  /**
   * The first handler takes over from the negotiation, which holds the stream paused, once it is set and does not
   * hold reading paused itself: a paused handler is handed nothing, not even the bytes that came with the agreement.
   * It may pause while it is handed those; the stream then ends paused, in the handler's last wish.
   */
  private void handOverUnlessPaused() {
    if (waiting == null || readPaused) {
      return;
    }
    StreamNegotiation<?> first = negotiation;
    StreamHandler handler = waiting;
    negotiation = null;
    waiting = null;
    first.handOver(handler);
    muxed.setReadPaused(readPaused);
  }

  @Override
  public CompletableFuture<Void> write(ByteBuf data) {
    return muxed.write(data);
  }

  @Override
  public CompletableFuture<Void> closeWrite() {
    return muxed.closeWrite();
  }

  @Override
  public void reset() {
    muxed.reset();
  }

  /** Before the hand-over the negotiation keeps the stream paused; the handler's wish applies once it takes over. */
  @Override
  public void setReadPaused(boolean paused) {
    runOnExecutor(() -> setReadPausedOnLoop(paused));
  }

  private void setReadPausedOnLoop(boolean paused) {
    readPaused = paused;
    if (negotiation == null) {
      muxed.setReadPaused(paused);
    } else {
      handOverUnlessPaused();
    }
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return muxed.closeFuture();
  }

  @Override
  public boolean isInitiator() {
    return muxed.isInitiator();
  }

  @Override
  public EventExecutor executor() {
    return muxed.executor();
  }

  @Override
  public ByteBufAllocator alloc() {
    return muxed.alloc();
  }
}
