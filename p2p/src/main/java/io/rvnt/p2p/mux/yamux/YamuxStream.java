package io.rvnt.p2p.mux.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.StreamHandler;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * One yamux stream. Receive side: data is held until a handler is set and reading is not paused; credit goes back
 * to the remote (window update) only for data delivered, once half the window is consumed, so a slow reader slows
 * its writer. Send side: writes are queued and sent in frames within the remote's window. All state is confined
 * to the session's event loop; public methods hop onto it.
 */
final class YamuxStream implements MuxedStream {

  private record PendingWrite(ByteBuf data, CompletableFuture<Void> done) {}

  private final YamuxSession session;
  private final int id;
  private final boolean initiator;
  private final Queue<ByteBuf> inbound = new ArrayDeque<>();
  private final Queue<PendingWrite> outbound = new ArrayDeque<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private StreamHandler handler;
  private boolean paused;
  private long receiveWindow = YamuxSession.INITIAL_WINDOW;
  private long sendWindow = YamuxSession.INITIAL_WINDOW;
  private long consumed;
  private boolean remoteFin;
  private boolean remoteFinDelivered;
  private boolean localFinQueued;
  private CompletableFuture<Void> localFinDone;
  private boolean localFinSent;
  private boolean over;
  private P2pException closeCause;

  YamuxStream(YamuxSession session, int id, boolean initiator) {
    this.session = session;
    this.id = id;
    this.initiator = initiator;
  }

  int id() {
    return id;
  }

  // --- frames from the session ---

  void onData(ByteBuf data) {
    if (over || remoteFin) {
      data.release();
      if (!over) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: data after FIN");
      }
      return;
    }
    int length = data.readableBytes();
    if (length > receiveWindow) {
      data.release();
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: data beyond the receive window");
    }
    receiveWindow -= length;
    inbound.add(data);
    if (!session.hold(length)) {
      resetLocally(new P2pException(P2pException.Reason.BUFFER_LIMIT, "connection holds too many unread bytes"));
      return;
    }
    drain();
  }

  void onWindowUpdate(long delta) {
    if (over) {
      return;
    }
    sendWindow += delta;
    flushOutbound();
  }

  void onRemoteFin() {
    if (over) {
      return;
    }
    remoteFin = true;
    drain();
  }

  void onRemoteReset() {
    finish(new P2pException(P2pException.Reason.STREAM_RESET, "the remote reset the stream"));
  }

  void onConnectionClosed() {
    finish(new P2pException(P2pException.Reason.CONNECTION_CLOSED, "the connection closed"));
  }

  // --- MuxedStream ---

  @Override
  public void setHandler(StreamHandler handler) {
    runOnExecutor(() -> {
      this.handler = handler;
      if (over) {
        handler.onClosed(closeCause);
        return;
      }
      drain();
    });
  }

  @Override
  public CompletableFuture<Void> write(ByteBuf data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    runOnExecutor(() -> {
      if (over || localFinQueued) {
        data.release();
        done.completeExceptionally(new P2pException(P2pException.Reason.STREAM_RESET, "stream closed for writing"));
        return;
      }
      outbound.add(new PendingWrite(data, done));
      flushOutbound();
    });
    return done;
  }

  @Override
  public CompletableFuture<Void> closeWrite() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    runOnExecutor(() -> {
      if (over || localFinQueued) {
        done.complete(null);
        return;
      }
      localFinQueued = true;
      localFinDone = done;
      flushOutbound();
    });
    return done;
  }

  @Override
  public void reset() {
    runOnExecutor(() -> resetLocally(new P2pException(P2pException.Reason.STREAM_RESET, "reset locally")));
  }

  @Override
  public void setReadPaused(boolean paused) {
    runOnExecutor(() -> {
      this.paused = paused;
      drain();
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
    return session.channel().eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return session.channel().alloc();
  }

  // --- internals, on the event loop ---

  private void drain() {
    while (!over && handler != null && !paused && !inbound.isEmpty()) {
      ByteBuf data = inbound.poll();
      int length = data.readableBytes();
      session.released(length);
      consumed += length;
      handler.onData(data);
    }
    if (over) {
      return;
    }
    // Give credit back once half the window is used, as go-yamux and js-yamux do: fewer, larger updates.
    if (consumed >= YamuxSession.INITIAL_WINDOW / 2 && !remoteFin) {
      receiveWindow += consumed;
      session.writeControl(YamuxFrame.WINDOW_UPDATE, 0, id, consumed);
      session.flush();
      consumed = 0;
    }
    if (remoteFin && inbound.isEmpty() && handler != null && !paused && !remoteFinDelivered) {
      remoteFinDelivered = true;
      handler.onRemoteClosed();
      closeIfBothHalvesDone();
    }
  }

  private void flushOutbound() {
    boolean wrote = false;
    while (!over && !outbound.isEmpty() && sendWindow > 0) {
      PendingWrite head = outbound.peek();
      int chunk = (int) Math.min(Math.min(head.data().readableBytes(), sendWindow), YamuxSession.MAX_SEND_FRAME);
      if (chunk > 0) {
        session.writeData(0, id, head.data().readRetainedSlice(chunk));
        sendWindow -= chunk;
        wrote = true;
      }
      if (!head.data().isReadable()) {
        outbound.poll();
        head.data().release();
        head.done().complete(null);
      }
    }
    if (!over && localFinQueued && !localFinSent && outbound.isEmpty()) {
      localFinSent = true;
      session.writeControl(YamuxFrame.WINDOW_UPDATE, YamuxFrame.FIN, id, 0);
      wrote = true;
      localFinDone.complete(null);
    }
    if (wrote) {
      session.flush();
    }
    closeIfBothHalvesDone();
  }

  private void closeIfBothHalvesDone() {
    if (!over && localFinSent && remoteFinDelivered) {
      finish(null);
    }
  }

  private void resetLocally(P2pException cause) {
    if (over) {
      return;
    }
    session.writeControl(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, id, 0);
    session.flush();
    finish(cause);
  }

  private void finish(P2pException cause) {
    if (over) {
      return;
    }
    over = true;
    closeCause = cause;
    session.removed(this);
    ByteBuf data;
    while ((data = inbound.poll()) != null) {
      session.released(data.readableBytes());
      data.release();
    }
    PendingWrite write;
    while ((write = outbound.poll()) != null) {
      write.data().release();
      write.done().completeExceptionally(cause != null ? cause
          : new P2pException(P2pException.Reason.STREAM_RESET, "stream closed"));
    }
    if (localFinDone != null && !localFinDone.isDone()) {
      localFinDone.completeExceptionally(cause);
    }
    if (handler != null) {
      handler.onClosed(cause);
    }
    closeFuture.complete(null);
  }
}
