package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.rvnt.p2p.core.P2pException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Noise transport frames (FUZZING.md). The input chooses plaintexts, how the sender's frames are cut into reads,
 * and at most one byte to corrupt on the way. Untouched, the receiver yields exactly the plaintext; corrupted, it
 * fails with a typed {@link P2pException} or waits for more, having yielded only a prefix of the plaintext.
 */
class NoiseTransportFuzzTest {
  private static final byte[] KEY = new byte[32];

  @FuzzTest
  void framesDecryptToThePlaintextOrFailTyped(FuzzedDataProvider input) {
    EmbeddedChannel sender = new EmbeddedChannel(handler());
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int messages = input.consumeInt(0, 4);
    for (int i = 0; i < messages; i++) {
      byte[] message = input.consumeBytes(input.consumeInt(1, 70_000));
      plaintext.writeBytes(message);
      sender.writeOutbound(Unpooled.wrappedBuffer(message));
      for (ByteBuf frame = sender.readOutbound(); frame != null; frame = sender.readOutbound()) {
        wire.writeBytes(ByteBufUtil.getBytes(frame));
        frame.release();
      }
    }
    sender.finishAndReleaseAll();
    byte[] bytes = wire.toByteArray();
    boolean corrupt = bytes.length > 0 && input.consumeBoolean();
    if (corrupt) {
      bytes[input.consumeInt(0, bytes.length - 1)] ^= (byte) input.consumeInt(1, 255);
    }
    byte[] extra = input.consumeRemainingAsBytes();
    corrupt |= extra.length > 0;
    byte[] all = Arrays.copyOf(bytes, bytes.length + extra.length);
    System.arraycopy(extra, 0, all, bytes.length, extra.length);

    EmbeddedChannel receiver = new EmbeddedChannel(handler());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      receiver.writeInbound(Unpooled.wrappedBuffer(all));
    } catch (DecoderException e) {
      assertRefused(e, corrupt);
    }
    for (ByteBuf chunk = receiver.readInbound(); chunk != null; chunk = receiver.readInbound()) {
      received.writeBytes(ByteBufUtil.getBytes(chunk));
      chunk.release();
    }
    byte[] got = received.toByteArray();
    byte[] sent = plaintext.toByteArray();
    if (corrupt) {
      assertThat(got.length).isLessThanOrEqualTo(sent.length);
      assertThat(got).as("only authentic plaintext comes out").isEqualTo(Arrays.copyOf(sent, got.length));
    } else {
      assertThat(got).as("an untouched stream yields the plaintext").isEqualTo(sent);
    }
    try {
      receiver.finishAndReleaseAll();
    } catch (DecoderException e) {
      // At the close Netty decodes what is left once more, and refuses it the same way.
      assertRefused(e, corrupt);
    }
  }

  private static NoiseTransportHandler handler() {
    return new NoiseTransportHandler(new NoiseCipher(KEY, ChaChaPoly.preferred()),
        new NoiseCipher(KEY, ChaChaPoly.preferred()));
  }

  private static void assertRefused(DecoderException e, boolean corrupt) {
    assertThat(corrupt).as("an untouched stream decrypts").isTrue();
    assertThat(e.getCause()).isInstanceOf(P2pException.class);
    assertThat(((P2pException) e.getCause()).reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION);
  }
}
