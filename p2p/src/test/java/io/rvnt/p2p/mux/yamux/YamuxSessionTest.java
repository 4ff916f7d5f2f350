package io.rvnt.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {

  private static final PeerId PEER = PeerId.fromPublicKey(Keys.generateEd25519(new SecureRandom()).publicKey());
  private static final Multiaddr ADDR = Multiaddr.parse("/ip4/127.0.0.1/tcp/1");

  private record Frame(int type, int flags, int streamId, long length, int dataBytes) {}

  /** Records a stream's events. */
  private static final class Recorder implements StreamHandler {
    long received;
    boolean remoteClosed;
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onData(ByteBuf data) {
      received += data.readableBytes();
      data.release();
    }

    @Override
    public void onRemoteClosed() {
      remoteClosed = true;
    }

    @Override
    public void onClosed(Throwable cause) {
      closed.complete(cause);
    }
  }

  private EmbeddedChannel channel;
  private YamuxSession session;
  private final List<MuxedStream> inbound = new ArrayList<>();

  private void start(P2pLimits limits) {
    channel = new EmbeddedChannel();
    session = YamuxSession.install(channel.pipeline(), false, limits, PEER, PEER, ADDR, ADDR);
    session.setInboundStreamHandler(inbound::add);
    channel.runPendingTasks();
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void send(int type, int flags, int streamId, long length, byte[] data) {
    ByteBuf buf = YamuxFrame.header(channel.alloc(), type, flags, streamId, length);
    if (data != null) {
      buf.writeBytes(data);
    }
    channel.writeInbound(buf);
    channel.runPendingTasks();
  }

  private List<Frame> sent() {
    channel.runPendingTasks();
    List<Frame> frames = new ArrayList<>();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      while (buf.isReadable()) {
        int version = buf.readUnsignedByte();
        assertThat(version).isZero();
        int type = buf.readUnsignedByte();
        int flags = buf.readUnsignedShort();
        int id = buf.readInt();
        long length = buf.readUnsignedInt();
        int data = type == YamuxFrame.DATA ? (int) length : 0;
        buf.skipBytes(data);
        frames.add(new Frame(type, flags, id, length, data));
      }
      buf.release();
    }
    return frames;
  }

  private boolean sentGoAway(int code) {
    return sent().stream().anyMatch(f -> f.type() == YamuxFrame.GO_AWAY && f.length() == code);
  }

  @Test
  void acceptsAStreamAcknowledgesItAndDeliversData() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    assertThat(sent()).containsExactly(new Frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.ACK, 1, 0, 0));
    Recorder r = new Recorder();
    inbound.get(0).setHandler(r);
    send(YamuxFrame.DATA, 0, 1, 3, new byte[] {1, 2, 3});
    assertThat(r.received).isEqualTo(3);
  }

  @Test
  void answersPings() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.PING, YamuxFrame.SYN, 0, 12345, null);
    assertThat(sent()).containsExactly(new Frame(YamuxFrame.PING, YamuxFrame.ACK, 0, 12345, 0));
  }

  @Test
  void opensStreamsWithTheResponderParityAndSyn() {
    start(P2pLimits.DEFAULTS);
    CompletableFuture<MuxedStream> s = session.openStream();
    channel.runPendingTasks();
    assertThat(s).isCompleted();
    assertThat(sent()).containsExactly(new Frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 2, 0, 0));
  }

  @Test
  void halfCloseFromEachSideEndsTheStreamCleanly() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    Recorder r = new Recorder();
    inbound.get(0).setHandler(r);
    send(YamuxFrame.DATA, YamuxFrame.FIN, 1, 2, new byte[] {1, 2});
    assertThat(r.received).isEqualTo(2);
    assertThat(r.remoteClosed).isTrue();
    assertThat(r.closed).as("our half is still open").isNotDone();
    inbound.get(0).write(Unpooled.wrappedBuffer(new byte[] {9}));
    inbound.get(0).closeWrite();
    channel.runPendingTasks();
    assertThat(sent()).contains(new Frame(YamuxFrame.DATA, 0, 1, 1, 1),
        new Frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.FIN, 1, 0, 0));
    assertThat(r.closed).isCompletedWithValue(null);
    assertThat(session.openStreams()).isZero();
  }

  @Test
  void aRemoteResetEndsTheStreamWithStreamReset() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    Recorder r = new Recorder();
    inbound.get(0).setHandler(r);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, 1, 0, null);
    assertThat(((P2pException) r.closed.join()).reason()).isEqualTo(P2pException.Reason.STREAM_RESET);
  }

  @Test
  void sendsNoMoreThanTheWindowUntilAWindowUpdate() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    sent();
    CompletableFuture<Void> written = inbound.get(0).write(Unpooled.wrappedBuffer(new byte[300 * 1024]));
    channel.runPendingTasks();
    assertThat(sent().stream().mapToLong(Frame::dataBytes).sum()).isEqualTo(YamuxSession.INITIAL_WINDOW);
    assertThat(written).as("the rest waits for credit").isNotDone();
    send(YamuxFrame.WINDOW_UPDATE, 0, 1, 100 * 1024, null);
    assertThat(sent().stream().mapToLong(Frame::dataBytes).sum()).isEqualTo(300 * 1024 - YamuxSession.INITIAL_WINDOW);
    assertThat(written).isCompleted();
  }

  @Test
  void givesCreditBackOnlyForConsumedData() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    sent();
    MuxedStream s = inbound.get(0);
    s.setReadPaused(true);
    Recorder r = new Recorder();
    s.setHandler(r);
    send(YamuxFrame.DATA, 0, 1, 200 * 1024, new byte[200 * 1024]);
    assertThat(sent()).as("held data earns no credit").isEmpty();
    s.setReadPaused(false);
    channel.runPendingTasks();
    assertThat(r.received).isEqualTo(200 * 1024);
    assertThat(sent()).containsExactly(new Frame(YamuxFrame.WINDOW_UPDATE, 0, 1, 200 * 1024, 0));
  }

  @Test
  void dataBeyondTheWindowIsAProtocolViolation() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    inbound.get(0).setReadPaused(true);
    inbound.get(0).setHandler(new Recorder());
    send(YamuxFrame.DATA, 0, 1, 200 * 1024, new byte[200 * 1024]);
    send(YamuxFrame.DATA, 0, 1, 100 * 1024, new byte[100 * 1024]);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rejectsADataFrameLongerThanAnyWindow() {
    start(P2pLimits.DEFAULTS);
    ByteBuf header = YamuxFrame.header(channel.alloc(), YamuxFrame.DATA, YamuxFrame.SYN, 1, 1 << 20);
    channel.writeInbound(header);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).isTrue();
    assertThat(channel.isOpen()).as("an oversized frame costs the connection").isFalse();
  }

  @Test
  void rejectsAnUnknownVersion() {
    start(P2pLimits.DEFAULTS);
    ByteBuf header = YamuxFrame.header(channel.alloc(), YamuxFrame.PING, YamuxFrame.SYN, 0, 1);
    header.setByte(0, 1);
    channel.writeInbound(header);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).as("closed for a protocol error, not anything else")
        .isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rejectsAnUnknownFrameType() {
    start(P2pLimits.DEFAULTS);
    send(7, 0, 1, 0, null);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rejectsAStreamOpenedWithOurParity() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 2, 0, null);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rejectsASynForAnOpenStream() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).as("closed for a protocol error, not anything else")
        .isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rejectsAStreamFrameOnTheSessionId() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.DATA, 0, 0, 1, new byte[] {1});
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).as("closed for a protocol error, not anything else")
        .isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rejectsDataAfterTheRemoteClosed() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    inbound.get(0).setHandler(new Recorder());
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.FIN, 1, 0, null);
    send(YamuxFrame.DATA, 0, 1, 1, new byte[] {1});
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).as("closed for a protocol error, not anything else")
        .isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void ignoresLateFramesForAStreamAlreadyReset() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    inbound.get(0).reset();
    channel.runPendingTasks();
    send(YamuxFrame.DATA, 0, 1, 1, new byte[] {1});
    assertThat(channel.isOpen()).as("the race between a reset and data in flight is legal").isTrue();
  }

  @Test
  void resetsStreamsBeyondTheLimitAndKeepsTheConnection() {
    start(P2pLimits.DEFAULTS.withMaxStreamsPerConnection(2));
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 3, 0, null);
    sent();
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 5, 0, null);
    assertThat(sent()).containsExactly(new Frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, 5, 0, 0));
    assertThat(inbound).hasSize(2);
    assertThat(channel.isOpen()).isTrue();
    CompletableFuture<MuxedStream> ours = session.openStream();
    channel.runPendingTasks();
    assertThat(ours).as("our own streams count too").isCompletedExceptionally();
  }

  @Test
  void closesTheConnectionOfAPeerThatOpensStreamsWithoutEnd() {
    start(P2pLimits.DEFAULTS.withMaxStreamsPerConnection(2));
    for (int id = 1; id <= 7; id += 2) {
      send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, id, 0, null);
    }
    assertThat(channel.isOpen()).as("two open and two refused streams are tolerated").isTrue();
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 9, 0, null);
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)).isTrue();
    assertThat(channel.isOpen()).as("the third refused stream costs the connection").isFalse();
  }

  @Test
  void resetsTheStreamThatPushesHeldBytesBeyondTheConnectionLimit() {
    start(P2pLimits.DEFAULTS.withMaxBufferedBytesPerConnection(100 * 1024));
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    Recorder r = new Recorder();
    inbound.get(0).setReadPaused(true);
    inbound.get(0).setHandler(r);
    sent();
    send(YamuxFrame.DATA, 0, 1, 64 * 1024, new byte[64 * 1024]);
    assertThat(sent()).isEmpty();
    send(YamuxFrame.DATA, 0, 1, 64 * 1024, new byte[64 * 1024]);
    assertThat(sent()).containsExactly(new Frame(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, 1, 0, 0));
    assertThat(((P2pException) r.closed.join()).reason()).isEqualTo(P2pException.Reason.BUFFER_LIMIT);
    assertThat(session.bufferedBytes()).as("the reset frees what it held").isZero();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void refusesNewStreamsAfterGoAway() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL, null);
    CompletableFuture<MuxedStream> s = session.openStream();
    channel.runPendingTasks();
    assertThat(s).isCompletedExceptionally();
  }

  @Test
  void closingSendsGoAwayAndEndsEveryStream() {
    start(P2pLimits.DEFAULTS);
    send(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null);
    Recorder r = new Recorder();
    inbound.get(0).setHandler(r);
    session.close();
    assertThat(sentGoAway(YamuxFrame.GO_AWAY_NORMAL)).isTrue();
    assertThat(channel.isOpen()).isFalse();
    assertThat(((P2pException) r.closed.join()).reason()).isEqualTo(P2pException.Reason.CONNECTION_CLOSED);
  }
}
