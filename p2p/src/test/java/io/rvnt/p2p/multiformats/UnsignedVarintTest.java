package io.rvnt.p2p.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UnsignedVarintTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesTheSpecExamples() {
    assertThat(HEX.formatHex(UnsignedVarint.encode(1))).isEqualTo("01");
    assertThat(HEX.formatHex(UnsignedVarint.encode(127))).isEqualTo("7f");
    assertThat(HEX.formatHex(UnsignedVarint.encode(128))).isEqualTo("8001");
    assertThat(HEX.formatHex(UnsignedVarint.encode(255))).isEqualTo("ff01");
    assertThat(HEX.formatHex(UnsignedVarint.encode(300))).isEqualTo("ac02");
    assertThat(HEX.formatHex(UnsignedVarint.encode(16384))).isEqualTo("808001");
    assertThat(UnsignedVarint.encode(Long.MAX_VALUE)).as("63 bits fit in the spec's 9 bytes").hasSize(9);
  }

  @Test
  void decodesWhatItEncodes() {
    for (long v : new long[] {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE}) {
      ByteBuf buf = Unpooled.wrappedBuffer(UnsignedVarint.encode(v));
      assertThat(UnsignedVarint.decode(buf)).isEqualTo(v);
      assertThat(buf.isReadable()).as("the whole varint is consumed").isFalse();
      assertThat(UnsignedVarint.decode(UnsignedVarint.encode(v), 0)).containsExactly(v, UnsignedVarint.encodedLength(v));
    }
  }

  @Test
  void waitsForMoreBytesWithoutConsumingAnything() {
    ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80});
    assertThat(UnsignedVarint.decode(buf)).isEqualTo(UnsignedVarint.INCOMPLETE);
    assertThat(buf.readerIndex()).isZero();
  }

  @Test
  void rejectsAVarintLongerThanNineBytes() {
    byte[] ten = HEX.parseHex("80808080808080808001");
    assertThatThrownBy(() -> UnsignedVarint.decode(Unpooled.wrappedBuffer(ten)))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.VARINT_TOO_LONG));
    assertThatThrownBy(() -> UnsignedVarint.decode(ten, 0))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.VARINT_TOO_LONG));
  }

  @Test
  void rejectsANonMinimalVarint() {
    assertThatThrownBy(() -> UnsignedVarint.decode(Unpooled.wrappedBuffer(HEX.parseHex("8100"))))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.VARINT_NOT_MINIMAL));
  }

  @Test
  void rejectsAVarintCutShortInAByteArray() {
    assertThatThrownBy(() -> UnsignedVarint.decode(HEX.parseHex("ff"), 0))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TRUNCATED));
  }

  @Test
  void refusesToEncodeANegativeValue() {
    assertThatThrownBy(() -> UnsignedVarint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
