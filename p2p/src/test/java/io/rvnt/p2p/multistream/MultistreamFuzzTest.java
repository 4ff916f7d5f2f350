package io.rvnt.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rvnt.p2p.core.P2pException;
import java.util.Arrays;

/**
 * multistream-select messages from a peer (FUZZING.md): each read is a typed {@link P2pException}, "not complete
 * yet" with nothing consumed, or a text whose encoding is exactly the bytes consumed.
 */
class MultistreamFuzzTest {
  private static final int MAX_LENGTH = 1024;

  @FuzzTest
  void readMessageIsTypedErrorIncompleteOrReEncodesToTheBytesRead(byte[] data) {
    ByteBuf in = Unpooled.wrappedBuffer(data);
    try {
      while (in.isReadable()) {
        int start = in.readerIndex();
        String text = Multistream.readMessage(in, MAX_LENGTH);
        if (text == null) {
          assertThat(in.readerIndex()).as("an incomplete message consumes nothing").isEqualTo(start);
          return;
        }
        byte[] consumed = Arrays.copyOfRange(data, start, in.readerIndex());
        ByteBuf again = Unpooled.buffer();
        Multistream.writeMessage(again, text);
        assertThat(ByteBufUtil.getBytes(again)).as("a message re-encodes to the bytes read").isEqualTo(consumed);
        again.release();
      }
    } catch (P2pException expected) {
      assertThat(expected.reason()).isIn(P2pException.Reason.PROTOCOL_VIOLATION, P2pException.Reason.MESSAGE_TOO_LARGE);
    } finally {
      in.release();
    }
  }
}
