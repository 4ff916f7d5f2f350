package io.rvnt.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MultistreamTest {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private static ByteBuf messages(String... texts) {
    return Multistream.message(ALLOC, texts);
  }

  private static String text(ByteBuf buf) {
    try {
      return buf.toString(StandardCharsets.UTF_8);
    } finally {
      buf.release();
    }
  }

  @Test
  void initiatorSendsHeaderAndFirstProposalInOneWrite() {
    Negotiator n = Negotiator.initiator(List.of("/noise"), 1024, ALLOC);
    assertThat(text(n.start())).isEqualTo("\u0013/multistream/1.0.0\n\u0007/noise\n");
  }

  @Test
  void initiatorMovesToTheNextProposalAfterNa() {
    Negotiator n = Negotiator.initiator(List.of("/a", "/b"), 1024, ALLOC);
    n.start().release();
    ByteBuf in = messages(Multistream.PROTOCOL_ID, Multistream.NA);
    Negotiator.Step step = n.feed(in);
    assertThat(step.agreed()).isNull();
    assertThat(text(step.toSend())).isEqualTo("\u0003/b\n");
    in.release();
    in = messages("/b");
    assertThat(n.feed(in).agreed()).isEqualTo("/b");
    in.release();
  }

  @Test
  void initiatorFailsWhenTheRemoteSupportsNone() {
    Negotiator n = Negotiator.initiator(List.of("/a"), 1024, ALLOC);
    n.start().release();
    ByteBuf in = messages(Multistream.PROTOCOL_ID, Multistream.NA);
    assertThatThrownBy(() -> n.feed(in)).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_NOT_SUPPORTED));
    in.release();
  }

  @Test
  void responderRefusesUnknownProtocolsAndKeepsBytesAfterTheAgreement() {
    Negotiator n = Negotiator.responder(Set.of("/b")::contains, List.of("/b"), 1024, ALLOC);
    assertThat(text(n.start())).isEqualTo("\u0013/multistream/1.0.0\n");
    ByteBuf in = messages(Multistream.PROTOCOL_ID, "/a", "/b");
    in.writeBytes("payload".getBytes(StandardCharsets.UTF_8));
    Negotiator.Step step = n.feed(in);
    assertThat(step.agreed()).isEqualTo("/b");
    assertThat(text(step.toSend())).as("na for /a, then /b echoed").isEqualTo("\u0003na\n\u0003/b\n");
    assertThat(in.toString(StandardCharsets.UTF_8)).as("protocol bytes stay for the protocol").isEqualTo("payload");
    in.release();
  }

  @Test
  void responderListsItsProtocolsOnLs() {
    Negotiator n = Negotiator.responder(p -> false, List.of("/x"), 1024, ALLOC);
    n.start().release();
    ByteBuf in = messages(Multistream.PROTOCOL_ID, Multistream.LS);
    assertThat(text(n.feed(in).toSend())).isEqualTo("\u0005\u0003/x\n\n");
    in.release();
  }

  @Test
  void waitsForTheRestOfASplitMessage() {
    Negotiator n = Negotiator.responder(p -> true, List.of(), 1024, ALLOC);
    n.start().release();
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0x13, '/', 'm'});
    assertThat(n.feed(in).toSend()).isNull();
    assertThat(in.readerIndex()).as("nothing consumed yet").isZero();
  }

  @Test
  void rejectsAMalformedLengthVarint() {
    assertFailure(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}), P2pException.Reason.PROTOCOL_VIOLATION);
    assertFailure(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x00}), P2pException.Reason.PROTOCOL_VIOLATION);
  }

  @Test
  void rejectsAMessageAboveTheLimit() {
    ByteBuf in = Unpooled.buffer();
    Multistream.writeMessage(in, "/" + "x".repeat(2000));
    assertFailure(in, P2pException.Reason.MESSAGE_TOO_LARGE);
  }

  @Test
  void rejectsAMessageWithoutNewline() {
    assertFailure(Unpooled.wrappedBuffer(new byte[] {0x03, '/', 'a', 'b'}), P2pException.Reason.PROTOCOL_VIOLATION);
  }

  @Test
  void rejectsAnEmptyMessage() {
    assertFailure(Unpooled.wrappedBuffer(new byte[] {0x00}), P2pException.Reason.PROTOCOL_VIOLATION);
  }

  @Test
  void rejectsGarbageInsteadOfTheHeader() {
    assertFailure(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n" + "Accept: */*\r\n".repeat(10) + "\r\n",
        StandardCharsets.US_ASCII),
        P2pException.Reason.PROTOCOL_VIOLATION);
    assertFailure(messages("/multistream/2.0.0"), P2pException.Reason.PROTOCOL_VIOLATION);
  }

  @Test
  void rejectsEndlessProposals() {
    ByteBuf in = messages(Multistream.PROTOCOL_ID);
    for (int i = 0; i <= Multistream.MAX_PROPOSALS; i++) {
      Multistream.writeMessage(in, "/nope/" + i);
    }
    assertFailure(in, P2pException.Reason.PROTOCOL_VIOLATION);
  }

  @Test
  void connectionHandlerHandsOverAndRemovesItself() {
    AtomicReference<String> agreed = new AtomicReference<>();
    EmbeddedChannel ch = new EmbeddedChannel(new MultistreamHandler(
        Negotiator.responder("/noise"::equals, List.of("/noise"), 1024, ALLOC), new MultistreamHandler.Outcome() {
          @Override
          public void agreed(ChannelHandlerContext ctx, String protocol) {
            agreed.set(protocol);
          }

          @Override
          public void failed(ChannelHandlerContext ctx, P2pException cause) {
            throw new AssertionError(cause);
          }
        }));
    assertThat(text(ch.readOutbound())).isEqualTo("\u0013/multistream/1.0.0\n");
    ByteBuf in = messages(Multistream.PROTOCOL_ID, "/noise");
    in.writeBytes(new byte[] {1, 2, 3});
    ch.writeInbound(in);
    assertThat(agreed.get()).isEqualTo("/noise");
    assertThat(text(ch.readOutbound())).isEqualTo("\u0007/noise\n");
    assertThat(ch.pipeline().get(MultistreamHandler.class)).as("runs once").isNull();
    ByteBuf rest = ch.readInbound();
    assertThat(rest.readableBytes()).as("bytes after the agreement are passed on").isEqualTo(3);
    rest.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void connectionHandlerClosesTheChannelOnGarbage() {
    AtomicReference<P2pException> failure = new AtomicReference<>();
    EmbeddedChannel ch = new EmbeddedChannel(new MultistreamHandler(
        Negotiator.responder("/noise"::equals, List.of(), 1024, ALLOC), new MultistreamHandler.Outcome() {
          @Override
          public void agreed(ChannelHandlerContext ctx, String protocol) {
            throw new AssertionError("must not agree");
          }

          @Override
          public void failed(ChannelHandlerContext ctx, P2pException cause) {
            failure.set(cause);
          }
        }));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
    assertThat(failure.get().reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION);
    assertThat(ch.isOpen()).as("garbage costs the connection").isFalse();
    ch.finishAndReleaseAll();
  }

  private static void assertFailure(ByteBuf in, P2pException.Reason reason) {
    Negotiator n = Negotiator.responder(p -> false, List.of(), 1024, ALLOC);
    n.start().release();
    try {
      assertThatThrownBy(() -> n.feed(in)).isInstanceOfSatisfying(P2pException.class,
          e -> assertThat(e.reason()).isEqualTo(reason));
    } finally {
      in.release();
    }
  }
}
