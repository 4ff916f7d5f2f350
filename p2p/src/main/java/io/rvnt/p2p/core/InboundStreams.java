package io.rvnt.p2p.core;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * The streams a remote opens on a {@link MuxedSession}, as its contract has them: handed to the inbound handler, or
 * held, in order, until there is one. Shared by the yamux and the QUIC session. Not thread-safe: the session calls
 * it on its connection's event loop only.
 *
 * @param <S> the session's stream type, so that it can end the streams still held when the connection closes
 */
public final class InboundStreams<S extends MuxedStream> {

  private final Queue<S> held = new ArrayDeque<>();
  private Consumer<MuxedStream> handler;

  /** Hands {@code stream} to the handler, or holds it until {@link #setHandler} sets one. */
  public void deliver(S stream) {
    if (handler == null) {
      held.add(stream);
    } else {
      handler.accept(stream);
    }
  }

  /** Sets the handler and hands it the streams held so far, oldest first. */
  public void setHandler(Consumer<MuxedStream> newHandler) {
    handler = newHandler;
    S stream;
    while ((stream = held.poll()) != null) {
      newHandler.accept(stream);
    }
  }

  /** On connection close: forgets the streams no handler took. */
  public void clear() {
    held.clear();
  }

  /** On connection close: gives up the streams no handler took, each to {@code end}. */
  public void endHeld(Consumer<? super S> end) {
    S stream;
    while ((stream = held.poll()) != null) {
      end.accept(stream);
    }
  }
}
