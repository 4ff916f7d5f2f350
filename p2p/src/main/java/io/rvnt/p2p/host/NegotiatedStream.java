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
  private StreamNegotiation<?> negotiation;
  private boolean pausedBeforeHandOver;

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
    StreamNegotiation<?> first = negotiation;
    negotiation = null;
    if (first != null) {
      first.handOver(handler, pausedBeforeHandOver);
    } else {
      muxed.setHandler(handler);
    }
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
    if (negotiation != null) {
      pausedBeforeHandOver = paused;
    } else {
      muxed.setReadPaused(paused);
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
