package io.rvnt.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/** The initiator's side of one ping stream: each {@link #ping()} sends 32 random bytes and times their echo. */
public final class PingController implements StreamHandler {

  private record Outstanding(byte[] payload, long sentNanos, CompletableFuture<Duration> result) {}

  private final Stream stream;
  private final SecureRandom random;
  private final Queue<Outstanding> outstanding = new ArrayDeque<>();
  private final ByteBuf received = Unpooled.buffer(Ping.SIZE);
  private Throwable closed;

  PingController(Stream stream, SecureRandom random) {
    this.stream = stream;
    this.random = random;
  }

  /** Sends one ping; completes with the round-trip time, fails if the echo differs or the stream ends. */
  public CompletableFuture<Duration> ping() {
    CompletableFuture<Duration> result = new CompletableFuture<>();
    stream.executor().execute(() -> {
      if (closed != null) {
        result.completeExceptionally(closed);
        return;
      }
      byte[] payload = new byte[Ping.SIZE];
      random.nextBytes(payload);
      outstanding.add(new Outstanding(payload, System.nanoTime(), result));
      stream.write(Unpooled.wrappedBuffer(payload.clone()));
    });
    return result;
  }

  /** Ends the ping stream. */
  public CompletableFuture<Void> close() {
    return stream.closeWrite();
  }

  @Override
  public void onData(ByteBuf data) {
    try {
      while (data.isReadable()) {
        int n = Math.min(data.readableBytes(), Ping.SIZE - received.readableBytes());
        received.writeBytes(data, n);
        if (received.readableBytes() == Ping.SIZE) {
          byte[] echo = new byte[Ping.SIZE];
          received.readBytes(echo);
          received.clear();
          Outstanding o = outstanding.poll();
          if (o == null || !Arrays.equals(o.payload(), echo)) {
            P2pException wrong = new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "ping: wrong echo");
            if (o != null) {
              o.result().completeExceptionally(wrong);
            }
            fail(wrong);
            stream.reset();
            return;
          }
          o.result().complete(Duration.ofNanos(System.nanoTime() - o.sentNanos()));
        }
      }
    } finally {
      data.release();
    }
  }

  @Override
  public void onRemoteClosed() {
    fail(new P2pException(P2pException.Reason.CONNECTION_CLOSED, "ping stream closed by the remote"));
  }

  @Override
  public void onClosed(Throwable cause) {
    fail(cause != null ? cause : new P2pException(P2pException.Reason.CONNECTION_CLOSED, "ping stream closed"));
  }

  private void fail(Throwable cause) {
    if (closed == null) {
      closed = cause;
    }
    Outstanding o;
    while ((o = outstanding.poll()) != null) {
      o.result().completeExceptionally(cause);
    }
  }
}
