package io.rvnt.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;

/**
 * A test protocol: the responder echoes every byte and closes when the initiator closes; the initiator sends a
 * payload and completes with the SHA-256 of what came back (payloads of many MiB stay out of memory). The
 * responder pauses reading while a write is pending, which exercises flow control end to end.
 */
public final class Echo implements ProtocolHandler<CompletableFuture<byte[]>> {

  public static final String PROTOCOL_ID = "/rvnt/echo/1.0.0";

  private final byte[] payload;

  private Echo(byte[] payload) {
    this.payload = payload;
  }

  /** The responder binding to register on a host. */
  public static Echo responder() {
    return new Echo(null);
  }

  /** An initiator binding that sends {@code payload}. */
  public static Echo sending(byte[] payload) {
    return new Echo(payload);
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public CompletableFuture<byte[]> onStream(Stream stream) {
    if (!stream.isInitiator()) {
      stream.setHandler(new StreamHandler() {
        @Override
        public void onData(ByteBuf data) {
          stream.setReadPaused(true);
          stream.write(data).whenComplete((v, e) -> stream.setReadPaused(false));
        }

        @Override
        public void onRemoteClosed() {
          stream.closeWrite();
        }
      });
      return null;
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    stream.setHandler(new StreamHandler() {
      @Override
      public void onData(ByteBuf data) {
        try {
          digest.update(data.nioBuffer());
        } finally {
          data.release();
        }
      }

      @Override
      public void onRemoteClosed() {
        result.complete(digest.digest());
      }

      @Override
      public void onClosed(Throwable cause) {
        if (cause != null) {
          result.completeExceptionally(cause);
        }
      }
    });
    sendFrom(stream, 0);
    return result;
  }

  /** Writes the payload in 64 KiB pieces, each after the previous one was taken, then closes. */
  private void sendFrom(Stream stream, int offset) {
    if (offset >= payload.length) {
      stream.closeWrite();
      return;
    }
    int n = Math.min(64 * 1024, payload.length - offset);
    stream.write(Unpooled.wrappedBuffer(payload, offset, n)).thenRun(() -> sendFrom(stream, offset + n));
  }
}
