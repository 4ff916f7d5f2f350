package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Noise transport frames through each ChaCha20-Poly1305 of {@link ChaChaPoly}: every length around the spec's frame
 * limit, and frames encrypted and decrypted in memory that other buffers share while another thread writes those,
 * as in a pooled allocator's chunk.
 */
class NoiseTransportHandlerTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_PLAINTEXT = NoiseTransportHandler.MAX_PLAINTEXT;

  /** How many 4-frame messages the shared-memory test sends while the neighbour writes. */
  private static final int ROUNDS = 100;

  private final byte[] key = new byte[32];

  NoiseTransportHandlerTest() {
    RANDOM.nextBytes(key);
  }

  /** Both implementations; Conscrypt must load on this project's platform (linux-x86_64). */
  static Stream<ChaChaPoly> aeads() {
    return Stream.of(ChaChaPoly.JDK, ChaChaPoly.conscrypt().orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void messagesOfEveryLengthAroundTheFrameLimitArriveIntactInFramesOfAtMost65535Bytes(ChaChaPoly aead) {
    EmbeddedChannel sender = channel(aead);
    EmbeddedChannel receiver = channel(aead);
    int[] lengths = {1, 15, 16, 17, MAX_PLAINTEXT - 1, MAX_PLAINTEXT, MAX_PLAINTEXT + 1, 3 * MAX_PLAINTEXT + 7,
        1 << 20};
    for (int length : lengths) {
      byte[] message = randomBytes(length);

      sender.writeOutbound(Unpooled.wrappedBuffer(message));
      ByteBuf wire = sender.readOutbound();

      assertThat(frameLengths(wire)).as("a %d-byte message goes in full frames of the spec's limit, then the rest",
          length).containsExactly(expectedFrames(length));
      receiver.writeInbound(wire);
      assertThat(readAll(receiver)).as("the %d-byte message decrypts to itself", length).isEqualTo(message);
    }
    assertThat(sender.finishAndReleaseAll()).isFalse();
    assertThat(receiver.finishAndReleaseAll()).isFalse();
  }

  /**
   * The rule behind Conscrypt's direct buffers: a frame is encrypted and decrypted in place without writing a byte
   * outside it, even while another thread writes right beside it in the same memory. Handed a pooled heap buffer's
   * array, Conscrypt's JNI code copied the whole array out and back, undoing such writes.
   */
  @ParameterizedTest
  @MethodSource("aeads")
  void framesAreEncryptedAndDecryptedInPlaceWithoutUndoingAnotherThreadsWritesBeside(ChaChaPoly aead)
      throws Exception {
    SharedMemory memory = new SharedMemory();
    EmbeddedChannel sender = channel(aead);
    EmbeddedChannel receiver = channel(aead);
    sender.config().setAllocator(memory);
    receiver.config().setAllocator(memory);
    byte[] message = randomBytes(4 * MAX_PLAINTEXT);
    SharedMemory.Neighbour neighbour = memory.startNeighbour();
    try {
      for (int round = 0; round < ROUNDS && neighbour.lostWrites() == 0; round++) {
        sender.writeOutbound(Unpooled.wrappedBuffer(message));
        receiver.writeInbound((ByteBuf) sender.readOutbound());
        assertThat(readAll(receiver)).as("round %d decrypts to the message", round).isEqualTo(message);
      }
    } finally {
      neighbour.stop();
    }
    assertThat(neighbour.writes()).as("the neighbour thread ran").isPositive();
    assertThat(neighbour.lostWrites())
        .as("writes of another thread beside the frames, undone by the cipher (%s)", aead).isZero();
    assertThat(memory.handedOut()).as("the frames lived in the shared memory").isPositive();
    sender.finishAndReleaseAll();
    receiver.finishAndReleaseAll();
  }

  /**
   * A frame dropped on the way (here: made to fail its tag) must not let the frames behind it through: they still
   * authenticate, since the failed frame used up its nonce, and Netty decodes what is left once more at the close.
   */
  @ParameterizedTest
  @MethodSource("aeads")
  void nothingAfterAFrameThatFailsItsTagReachesTheApplicationNotEvenAtTheClose(ChaChaPoly aead) {
    EmbeddedChannel sender = channel(aead);
    EmbeddedChannel receiver = channel(aead);
    ByteBuf wire = Unpooled.buffer();
    for (String message : new String[] {"first", "second", "third"}) {
      sender.writeOutbound(Unpooled.copiedBuffer(message, StandardCharsets.US_ASCII));
      ByteBuf frame = sender.readOutbound();
      wire.writeBytes(frame);
      frame.release();
    }
    int secondFrame = 2 + "first".length() + NoiseTransportHandler.TAG;
    wire.setByte(secondFrame + 2, wire.getByte(secondFrame + 2) ^ 1); // the second frame's first ciphertext byte

    assertThatThrownBy(() -> receiver.writeInbound(wire)).as("the tampered frame is refused")
        .hasCauseInstanceOf(P2pException.class);
    String before = new String(readAll(receiver), StandardCharsets.US_ASCII);
    receiver.finishAndReleaseAll();

    assertThat(before).as("only the frames before the refused one came out").isEqualTo("first");
    assertThat(receiver.isOpen()).as("the connection is closed").isFalse();
    assertThat(readAll(receiver)).as("nothing more comes out at the close (the third frame stays undecrypted)")
        .isEmpty();
    sender.finishAndReleaseAll();
  }

  private EmbeddedChannel channel(ChaChaPoly aead) {
    return new EmbeddedChannel(new NoiseTransportHandler(new NoiseCipher(key, aead), new NoiseCipher(key, aead)));
  }

  private static Integer[] expectedFrames(int length) {
    int full = length / MAX_PLAINTEXT;
    int rest = length % MAX_PLAINTEXT;
    Integer[] frames = new Integer[full + (rest > 0 ? 1 : 0)];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = (i < full ? MAX_PLAINTEXT : rest) + NoiseCipher.TAG;
    }
    return frames;
  }

  private static List<Integer> frameLengths(ByteBuf wire) {
    List<Integer> lengths = new ArrayList<>();
    for (int i = wire.readerIndex(); i < wire.writerIndex(); ) {
      int length = wire.getUnsignedShort(i);
      lengths.add(length);
      i += 2 + length;
    }
    return lengths;
  }

  private static byte[] readAll(EmbeddedChannel channel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf chunk = channel.readInbound(); chunk != null; chunk = channel.readInbound()) {
      out.writeBytes(ByteBufUtil.getBytes(chunk));
      chunk.release();
    }
    return out.toByteArray();
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
