package io.rvnt.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.rvnt.p2p.core.P2pException;
import java.io.ByteArrayOutputStream;

/**
 * yamux frames from a peer (FUZZING.md): the decoder either fails with a typed {@link P2pException} or yields frames
 * whose headers and data re-encode to a prefix of the input.
 */
class YamuxFrameFuzzTest {
  /** Small, so that the limit is reached by short inputs too. */
  private static final int MAX_DATA = 1024;

  @FuzzTest
  void framesAreTypedErrorsOrReEncodeToTheInput(byte[] data) {
    EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(MAX_DATA));
    ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(data));
    } catch (DecoderException e) {
      assertRefused(e);
    }
    for (YamuxFrame frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      assertThat(frame.type()).isBetween(YamuxFrame.DATA, YamuxFrame.GO_AWAY);
      ByteBuf header = YamuxFrame.header(ByteBufAllocator.DEFAULT, frame.type(), frame.flags(), frame.streamId(),
          frame.length());
      reencoded.writeBytes(ByteBufUtil.getBytes(header));
      header.release();
      if (frame.data() != null) {
        assertThat((long) frame.data().readableBytes()).as("data is as long as the header says")
            .isEqualTo(frame.length());
        reencoded.writeBytes(ByteBufUtil.getBytes(frame.data()));
      }
      frame.release();
    }
    byte[] out = reencoded.toByteArray();
    assertThat(out.length).isLessThanOrEqualTo(data.length);
    assertThat(out).as("frames re-encode to the bytes they came from")
        .isEqualTo(java.util.Arrays.copyOf(data, out.length));
    try {
      channel.finishAndReleaseAll();
    } catch (DecoderException e) {
      // At the close Netty decodes what is left once more: the same bytes, refused the same way.
      assertRefused(e);
    }
  }

  private static void assertRefused(DecoderException e) {
    assertThat(e.getCause()).as("a refused frame is a typed error").isInstanceOf(P2pException.class);
    assertThat(((P2pException) e.getCause()).reason())
        .isIn(P2pException.Reason.PROTOCOL_VIOLATION, P2pException.Reason.MESSAGE_TOO_LARGE);
  }
}
