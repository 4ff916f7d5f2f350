package io.rvnt.p2p.mux.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.rvnt.p2p.core.InboundStreams;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A yamux session (yamux spec; libp2p id {@code /yamux/1.0.0}) over a secured channel. The initiator's streams
 * have odd ids, the responder's even ones. Enforces {@link P2pLimits#maxStreamsPerConnection()} (a stream opened
 * beyond it is reset) and {@link P2pLimits#maxBufferedBytesPerConnection()} (the stream whose data pushes the held
 * total beyond it is reset); any protocol violation sends go-away with the protocol error code and closes the
 * connection. A peer that goes on opening streams beyond the limit (as many refused streams as the limit) loses
 * the connection. All state is confined to the channel's event loop.
 */
public final class YamuxSession extends ChannelInboundHandlerAdapter implements MuxedSession {

  public static final String PROTOCOL_ID = "/yamux/1.0.0";

  /** The spec's initial window of every stream, in both directions: 256 KiB. */
  public static final int INITIAL_WINDOW = 256 * 1024;

  /**
   * Largest data frame sent: one yamux frame then fits one Noise frame (65535 - 16 tag - 12 header), which spares
   * a frame split.
   */
  static final int MAX_SEND_FRAME = 65535 - 16 - YamuxFrame.HEADER;

  private final Channel channel;
  private final boolean initiator;
  private final P2pLimits limits;
  private final PeerId localPeer;
  private final PeerId remotePeer;
  private final Multiaddr localAddress;
  private final Multiaddr remoteAddress;
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private final InboundStreams<YamuxStream> inbound = new InboundStreams<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private ChannelHandlerContext ctx;
  private int nextStreamId;
  private long bufferedBytes;
  private int refusedStreams;
  private boolean goAwayReceived;
  private boolean closing;

  private YamuxSession(Channel channel, boolean initiator, P2pLimits limits, PeerId localPeer, PeerId remotePeer,
      Multiaddr localAddress, Multiaddr remoteAddress) {
    this.channel = channel;
    this.initiator = initiator;
    this.limits = limits;
    this.localPeer = localPeer;
    this.remotePeer = remotePeer;
    this.localAddress = localAddress;
    this.remoteAddress = remoteAddress;
    this.nextStreamId = initiator ? 1 : 2;
    channel.closeFuture().addListener(f -> onChannelClosed());
  }

  /** Installs the frame decoder and the session at the end of {@code pipeline}. */
  public static YamuxSession install(ChannelPipeline pipeline, boolean initiator, P2pLimits limits, PeerId localPeer,
      PeerId remotePeer, Multiaddr localAddress, Multiaddr remoteAddress) {
    YamuxSession session = new YamuxSession(pipeline.channel(), initiator, limits, localPeer, remotePeer,
        localAddress, remoteAddress);
    pipeline.addLast("yamux-decoder", new YamuxFrameDecoder(INITIAL_WINDOW));
    pipeline.addLast("yamux", session);
    return session;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    YamuxFrame frame = (YamuxFrame) msg;
    try {
      switch (frame.type()) {
        case YamuxFrame.PING -> onPing(frame);
        case YamuxFrame.GO_AWAY -> goAwayReceived = true;
        default -> onStreamFrame(frame);
      }
    } finally {
      frame.release();
    }
  }

  private void onPing(YamuxFrame frame) {
    if (frame.has(YamuxFrame.SYN)) {
      writeControl(YamuxFrame.PING, YamuxFrame.ACK, 0, frame.length());
      ctx.flush();
    }
  }

  private void onStreamFrame(YamuxFrame frame) {
    int id = frame.streamId();
    if (id == 0) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: stream frame on the session id");
    }
    YamuxStream stream = streams.get(id);
    if (frame.has(YamuxFrame.SYN)) {
      if (stream != null) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: SYN for an open stream");
      }
      if ((id % 2 == 1) == initiator) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: remote used our stream id parity");
      }
      if (goAwayReceived || closing || streams.size() >= limits.maxStreamsPerConnection()) {
        // A peer that keeps opening streams beyond the limit, as many again as the limit, loses the connection.
        if (++refusedStreams > limits.maxStreamsPerConnection()) {
          throw new P2pException(P2pException.Reason.TOO_MANY_STREAMS, "yamux: streams opened without end");
        }
        writeControl(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, id, 0);
        ctx.flush();
        return;
      }
      stream = new YamuxStream(this, id, false);
      streams.put(id, stream);
      writeControl(YamuxFrame.WINDOW_UPDATE, YamuxFrame.ACK, id, 0);
      ctx.flush();
      inbound.deliver(stream);
    }
    if (stream == null) {
      // A late frame for a stream already reset or closed here: nothing to do (yamux spec allows the race).
      return;
    }
    if (frame.type() == YamuxFrame.WINDOW_UPDATE) {
      stream.onWindowUpdate(frame.length());
    } else if (frame.length() > 0) {
      stream.onData(frame.data().retain());
    }
    if (frame.has(YamuxFrame.RST)) {
      stream.onRemoteReset();
    } else if (frame.has(YamuxFrame.FIN)) {
      stream.onRemoteFin();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    int code = root instanceof P2pException ? YamuxFrame.GO_AWAY_PROTOCOL_ERROR : YamuxFrame.GO_AWAY_INTERNAL_ERROR;
    if (channel.isActive() && !closing) {
      closing = true;
      writeControl(YamuxFrame.GO_AWAY, 0, 0, code);
      ctx.flush();
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    onChannelClosed();
    super.channelInactive(ctx);
  }

  private void onChannelClosed() {
    if (closeFuture.isDone()) {
      return;
    }
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      s.onConnectionClosed();
    }
    streams.clear();
    inbound.endHeld(YamuxStream::onConnectionClosed);
    closeFuture.complete(null);
  }

  // --- used by YamuxStream, on the event loop ---

  void writeControl(int type, int flags, int streamId, long length) {
    ctx.write(YamuxFrame.header(ctx.alloc(), type, flags, streamId, length));
  }

  void writeData(int flags, int streamId, ByteBuf data) {
    ByteBuf header = YamuxFrame.header(ctx.alloc(), YamuxFrame.DATA, flags, streamId, data.readableBytes());
    ctx.write(ctx.alloc().compositeBuffer(2).addComponents(true, header, data));
  }

  void flush() {
    ctx.flush();
  }

  /** Counts bytes held for a stream; false if the connection's limit is exceeded. */
  boolean hold(long bytes) {
    bufferedBytes += bytes;
    return bufferedBytes <= limits.maxBufferedBytesPerConnection();
  }

  void released(long bytes) {
    bufferedBytes -= bytes;
  }

  long bufferedBytes() {
    return bufferedBytes;
  }

  void removed(YamuxStream stream) {
    streams.remove(stream.id(), stream);
  }

  Channel channel() {
    return channel;
  }

  // --- MuxedSession ---

  @Override
  public PeerId localPeerId() {
    return localPeer;
  }

  @Override
  public PeerId remotePeerId() {
    return remotePeer;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public CompletableFuture<MuxedStream> openStream() {
    CompletableFuture<MuxedStream> result = new CompletableFuture<>();
    channel.eventLoop().execute(() -> {
      if (!channel.isActive() || closing || goAwayReceived) {
        result.completeExceptionally(new P2pException(P2pException.Reason.CONNECTION_CLOSED, "connection closing"));
        return;
      }
      if (streams.size() >= limits.maxStreamsPerConnection()) {
        result.completeExceptionally(new P2pException(P2pException.Reason.TOO_MANY_STREAMS,
            "at most " + limits.maxStreamsPerConnection() + " streams per connection"));
        return;
      }
      int id = nextStreamId;
      nextStreamId += 2;
      YamuxStream stream = new YamuxStream(this, id, true);
      streams.put(id, stream);
      writeControl(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, id, 0);
      ctx.flush();
      result.complete(stream);
    });
    return result;
  }

  @Override
  public void setInboundStreamHandler(Consumer<MuxedStream> handler) {
    channel.eventLoop().execute(() -> inbound.setHandler(handler));
  }

  @Override
  public CompletableFuture<Void> close() {
    channel.eventLoop().execute(() -> {
      if (channel.isActive() && !closing) {
        closing = true;
        writeControl(YamuxFrame.GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      } else {
        channel.close();
      }
    });
    return closeFuture;
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  /** Open streams right now (for tests and metrics); call on the event loop. */
  int openStreams() {
    return streams.size();
  }
}
