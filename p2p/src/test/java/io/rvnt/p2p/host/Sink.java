package io.rvnt.p2p.host;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.StreamHandler;
import java.util.concurrent.CompletableFuture;

/**
 * The benchmarks' throughput protocol ({@code /rvnt/sink/1.0.0}, as src/test/js/peer.mjs speaks it): the sender
 * writes, the responder discards what it reads and half-closes once the sender has; the sender is done when it sees
 * that close. On TCP it runs after multistream-select, on a bare QUIC stream without it.
 */
public final class Sink {

  public static final String PROTOCOL_ID = "/rvnt/sink/1.0.0";

  private Sink() {}

  /** The responder's side of {@code stream}. */
  public static void respond(MuxedStream stream) {
    stream.setHandler(new StreamHandler() {
      @Override
      public void onData(ByteBuf data) {
        data.release();
      }

      @Override
      public void onRemoteClosed() {
        stream.closeWrite();
      }
    });
  }

  /**
   * The sender's side: writes {@code chunk} {@code count} times, each once the one before was taken (so only one
   * chunk is in flight), then half-closes. Completes when the responder closes too; fails with the stream. The
   * caller keeps its reference to {@code chunk}.
   */
  public static CompletableFuture<Void> send(MuxedStream stream, ByteBuf chunk, long count) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    stream.setHandler(new StreamHandler() {
      @Override
      public void onData(ByteBuf data) {
        data.release();
      }

      @Override
      public void onRemoteClosed() {
        done.complete(null);
      }

      @Override
      public void onClosed(Throwable cause) {
        if (cause != null) {
          done.completeExceptionally(cause);
        }
      }
    });
    writeChunks(stream, chunk, count, done);
    return done;
  }

  private static void writeChunks(MuxedStream stream, ByteBuf chunk, long remaining, CompletableFuture<Void> done) {
    if (remaining == 0) {
      stream.closeWrite();
      return;
    }
    stream.write(chunk.retainedDuplicate()).whenComplete((v, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
      } else {
        writeChunks(stream, chunk, remaining - 1, done);
      }
    });
  }
}
