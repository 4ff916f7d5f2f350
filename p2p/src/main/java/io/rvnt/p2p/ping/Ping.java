package io.rvnt.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import java.security.SecureRandom;

/**
 * The libp2p ping protocol ({@code /ipfs/ping/1.0.0}, ping spec): the initiator sends 32 random bytes, the
 * responder echoes every 32 bytes it receives, on one long-lived stream. As a binding: the responder side needs no
 * controller; the initiator side returns a {@link PingController}.
 */
public final class Ping implements ProtocolHandler<PingController> {

  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";

  /** The spec's payload size. */
  public static final int SIZE = 32;

  private final SecureRandom random;

  public Ping(SecureRandom random) {
    this.random = random;
  }

  @Override
  public PingController onStream(Stream stream) {
    if (stream.isInitiator()) {
      PingController controller = new PingController(stream, random);
      stream.setHandler(controller);
      return controller;
    }
    stream.setHandler(new Echo(stream));
    return null;
  }

  /** Responder: echoes whole 32-byte payloads, holding at most one partial payload. */
  private static final class Echo implements StreamHandler {
    private final Stream stream;
    private final ByteBuf pending;

    Echo(Stream stream) {
      this.stream = stream;
      this.pending = stream.alloc().buffer(SIZE);
    }

    @Override
    public void onData(ByteBuf data) {
      try {
        while (data.isReadable()) {
          int n = Math.min(data.readableBytes(), SIZE - pending.readableBytes());
          pending.writeBytes(data, n);
          if (pending.readableBytes() == SIZE) {
            stream.write(pending.retainedDuplicate());
            pending.clear();
          }
        }
      } finally {
        data.release();
      }
    }

    @Override
    public void onRemoteClosed() {
      stream.closeWrite();
    }

    @Override
    public void onClosed(Throwable cause) {
      pending.release();
    }
  }
}
