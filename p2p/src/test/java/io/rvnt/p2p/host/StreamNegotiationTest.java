package io.rvnt.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multistream.Multistream;
import io.rvnt.p2p.mux.yamux.YamuxSession;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-over from multistream-select to the protocol's handler on a real yamux stream: the handler's read pause
 * (its backpressure) holds across the hand-over, whenever it asks for it.
 */
class StreamNegotiationTest {

  private static final PeerId PEER = PeerId.fromPublicKey(Keys.generateEd25519(new SecureRandom()).publicKey());
  private static final Multiaddr ADDR = Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
  private static final String PROTOCOL = "/rvnt/test-backpressure/1.0.0";
  // yamux (spec: hashicorp/yamux spec.md): version 0, type, flags, stream id, length; stream 1 is the remote's first.
  private static final int DATA = 0;
  private static final int WINDOW_UPDATE = 1;
  private static final int SYN = 1;
  private static final int RST = 8;
  private static final int STREAM = 1;

  /** Records what it is handed; pauses reading on data when told to, as a consumer applying backpressure does. */
  private static final class Consumer implements StreamHandler {
    final StringBuilder received = new StringBuilder();
    final List<Throwable> closed = new ArrayList<>();
    Stream stream;
    boolean pauseOnData;

    @Override
    public void onData(ByteBuf data) {
      received.append(data.toString(StandardCharsets.US_ASCII));
      data.release();
      if (pauseOnData) {
        stream.setReadPaused(true);
      }
    }

    @Override
    public void onClosed(Throwable cause) {
      closed.add(cause);
    }
  }

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final Consumer consumer = new Consumer();

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  /** Answers PROTOCOL with {@code protocol}; the remote opens a stream, proposes it and sends {@code early} at once. */
  private void negotiate(ProtocolHandler<Void> protocol, String early) {
    YamuxSession session = YamuxSession.install(channel.pipeline(), false, P2pLimits.DEFAULTS, PEER, PEER, ADDR,
        ADDR);
    session.setInboundStreamHandler(muxed -> StreamNegotiation.respond(muxed, null,
        p -> p.equals(PROTOCOL) ? protocol : null, List.of(PROTOCOL), P2pLimits.DEFAULTS));
    channel.runPendingTasks();
    send(WINDOW_UPDATE, SYN, null);
    ByteBuf first = Multistream.message(channel.alloc(), Multistream.PROTOCOL_ID, PROTOCOL);
    first.writeBytes(early.getBytes(StandardCharsets.US_ASCII));
    send(DATA, 0, first);
  }

  private void send(int type, int flags, ByteBuf data) {
    ByteBuf frame = channel.alloc().buffer();
    frame.writeByte(0).writeByte(type).writeShort(flags).writeInt(STREAM)
        .writeInt(data == null ? 0 : data.readableBytes());
    if (data != null) {
      frame.writeBytes(data);
      data.release();
    }
    channel.writeInbound(frame);
    channel.runPendingTasks();
  }

  private void send(String text) {
    ByteBuf data = channel.alloc().buffer();
    data.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    send(DATA, 0, data);
  }

  private void resume() {
    consumer.stream.setReadPaused(false);
    channel.runPendingTasks();
  }

  @Test
  void aPauseTheHandlerAsksForWhileHandedTheEarlyBytesSurvivesTheHandOver() {
    consumer.pauseOnData = true;
    negotiate(stream -> {
      consumer.stream = stream;
      stream.setHandler(consumer);
      return null;
    }, "early;");
    assertThat(consumer.received).as("the bytes that came with the proposal are handed over").hasToString("early;");

    send("later;");
    assertThat(consumer.received).as("the handler paused on them: nothing more until it asks").hasToString("early;");

    consumer.pauseOnData = false;
    resume();
    assertThat(consumer.received).as("what was held comes once the handler resumes").hasToString("early;later;");
  }

  private void pausedBeforeTakingOver(String early) {
    negotiate(stream -> {
      consumer.stream = stream;
      stream.setReadPaused(true);
      stream.setHandler(consumer);
      return null;
    }, early);
  }

  @Test
  void aHandlerThatPausedBeforeTakingOverIsHandedNothingUntilItResumes() {
    pausedBeforeTakingOver("early;");
    send("later;");
    assertThat(consumer.received).as("paused before it took over: not even the early bytes").isEmpty();

    resume();
    assertThat(consumer.received).as("all of it, in order, once it resumes").hasToString("early;later;");
  }

  @Test
  void aHandlerThatPausedBeforeTakingOverHearsOfAResetOnceWhenItResumes() {
    pausedBeforeTakingOver("early;");
    send(WINDOW_UPDATE, RST, null);
    assertThat(consumer.closed).as("paused: not told yet").isEmpty();

    resume();
    assertThat(consumer.received).as("a reset stream's held bytes are dropped, not handed over").isEmpty();
    assertThat(consumer.closed).as("told of the reset once, with its cause").hasSize(1).doesNotContainNull();
  }
}
