package io.rvnt.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import io.rvnt.p2p.core.MuxedStream;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.multistream.Multistream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StreamNegotiationTest {

  /** A stream that records what is written and lets the test play the remote. */
  private static final class FakeStream implements MuxedStream {
    final EmbeddedChannel loop = new EmbeddedChannel();
    final List<String> written = new ArrayList<>();
    StreamHandler handler;
    boolean reset;

    @Override
    public void setHandler(StreamHandler handler) {
      this.handler = handler;
    }

    @Override
    public CompletableFuture<Void> write(ByteBuf data) {
      written.add(data.toString(StandardCharsets.UTF_8));
      data.release();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> closeWrite() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void reset() {
      reset = true;
      handler.onClosed(new P2pException(P2pException.Reason.STREAM_RESET, "reset"));
    }

    @Override
    public void setReadPaused(boolean paused) {}

    @Override
    public CompletableFuture<Void> closeFuture() {
      return new CompletableFuture<>();
    }

    @Override
    public boolean isInitiator() {
      return true;
    }

    @Override
    public EventExecutor executor() {
      return loop.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
      return ByteBufAllocator.DEFAULT;
    }

    void receive(String... messages) {
      handler.onData(Multistream.message(alloc(), messages));
    }
  }

  /** A protocol that says "hi" at once and records what it hears. */
  private static final class Hello implements StreamHandler {
    final StringBuilder heard = new StringBuilder();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onData(ByteBuf data) {
      heard.append(data.toString(StandardCharsets.UTF_8));
      data.release();
    }

    @Override
    public void onClosed(Throwable cause) {
      closed.complete(cause);
    }
  }

  private static CompletableFuture<Hello> open(FakeStream stream, List<String> protocols) {
    CompletableFuture<Hello> f = StreamNegotiation.initiate(stream, null, protocols, s -> {
      Hello hello = new Hello();
      s.setHandler(hello);
      s.write(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8));
      return hello;
    }, P2pLimits.DEFAULTS);
    stream.loop.runPendingTasks();
    return f;
  }

  @Test
  void withOneProposalTheProtocolSpeaksBeforeTheAnswerButHearsOnlyAfterIt() {
    FakeStream stream = new FakeStream();
    CompletableFuture<Hello> opened = open(stream, List.of("/p"));
    assertThat(stream.written).containsExactly("\u0013/multistream/1.0.0\n\u0003/p\n", "hi");
    assertThat(opened).as("the caller waits for the agreement").isNotDone();
    ByteBuf answer = Multistream.message(stream.alloc(), Multistream.PROTOCOL_ID, "/p");
    answer.writeBytes("yo".getBytes(StandardCharsets.UTF_8));
    stream.handler.onData(answer);
    assertThat(opened).isCompleted();
    assertThat(opened.join().heard.toString()).as("only the bytes after the answer").isEqualTo("yo");
    assertThat(stream.handler).isSameAs(opened.join());
  }

  @Test
  void withOneProposalAnNaFailsTheCallerAndEndsTheProtocol() {
    FakeStream stream = new FakeStream();
    List<Hello> started = new ArrayList<>();
    CompletableFuture<Hello> opened = StreamNegotiation.initiate(stream, null, List.of("/p"), s -> {
      Hello hello = new Hello();
      started.add(hello);
      s.setHandler(hello);
      return hello;
    }, P2pLimits.DEFAULTS);
    stream.loop.runPendingTasks();
    stream.receive(Multistream.PROTOCOL_ID, Multistream.NA);
    assertThat(opened).isCompletedExceptionally();
    assertThat(stream.reset).isTrue();
    assertThat(((P2pException) started.get(0).closed.join()).reason())
        .isEqualTo(P2pException.Reason.PROTOCOL_NOT_SUPPORTED);
  }

  @Test
  void withSeveralProposalsTheProtocolStartsOnlyOnceAgreed() {
    FakeStream stream = new FakeStream();
    CompletableFuture<Hello> opened = open(stream, List.of("/a", "/b"));
    assertThat(stream.written).containsExactly("\u0013/multistream/1.0.0\n\u0003/a\n");
    stream.receive(Multistream.PROTOCOL_ID, Multistream.NA);
    assertThat(stream.written).last().isEqualTo("\u0003/b\n");
    stream.receive("/b");
    assertThat(opened).isCompleted();
    assertThat(stream.written).last().isEqualTo("hi");
  }
}
