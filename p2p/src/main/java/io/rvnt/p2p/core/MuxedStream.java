package io.rvnt.p2p.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * One bidirectional byte stream of a {@link MuxedSession} (a yamux stream, a QUIC stream), before or after
 * multistream-select. Thread-safe: calls from other threads hop onto {@link #executor()}.
 *
 * <p>Flow control: data is delivered to the current {@link StreamHandler}; while reading is paused, or while no
 * handler is set, received data is held (it counts towards the connection's buffered-bytes limit) and no new credit
 * is granted to the remote, so a slow reader slows its writer instead of growing memory.
 */
public interface MuxedStream {

  /** Sets the receiver of this stream's events; data held so far is delivered to it, in order. */
  void setHandler(StreamHandler handler);

  /**
   * Sends {@code data} (ownership passes to the stream). The future completes once the bytes are handed to the
   * transport within the remote's flow-control window, and fails if the stream is reset or closed for writing.
   * A writer should wait for it before writing more.
   */
  CompletableFuture<Void> write(ByteBuf data);

  /** Closes the writing half (half-close); reading goes on until the remote closes too. */
  CompletableFuture<Void> closeWrite();

  /** Aborts the stream in both directions. */
  void reset();

  /** Pauses or resumes delivery of received data (and the credit granted to the remote). */
  void setReadPaused(boolean paused);

  /** Completes when the stream is over (both halves closed, or reset). Never fails. */
  CompletableFuture<Void> closeFuture();

  boolean isInitiator();

  EventExecutor executor();

  ByteBufAllocator alloc();

  /**
   * Runs {@code task} on {@link #executor()}: at once when called there, so events keep their order within a
   * callback, else as a task of its own. How implementations keep the thread-safety promised above.
   */
  default void runOnExecutor(Runnable task) {
    EventExecutor loop = executor();
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }
}
