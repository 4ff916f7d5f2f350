package io.rvnt.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

  @Test
  void wellFormedTextDecodesUnchangedIncludingEveryPlaneAndEmptyInput() throws Exception {
    String text = "a = 1\nnamé = ü\n\uD83D\uDE00 ok\n";
    assertThat(StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8)))
        .as("well-formed UTF-8, including a supplementary character, decodes to the same text")
        .isEqualTo(text);
    assertThat(StrictUtf8.decode(new byte[0])).as("no bytes are the empty text").isEmpty();
  }

  @Test
  void aBadByteIsRefusedWithTheLineItStartsOn() {
    byte[] latin1 = "one\ntwo\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> StrictUtf8.decode(latin1))
        .as("a Latin-1 byte on the third line is refused, not replaced, and its line is named")
        .isInstanceOfSatisfying(StrictUtf8.NotUtf8.class, e -> assertThat(e.line()).isEqualTo(3));
  }

  @Test
  void aSequenceCutShortAtTheEndIsRefused() {
    byte[] cut = {'o', 'k', '\n', (byte) 0xE2, (byte) 0x82};
    assertThatThrownBy(() -> StrictUtf8.decode(cut))
        .as("the first two bytes of a three-byte sequence at the end of the input are not text")
        .isInstanceOfSatisfying(StrictUtf8.NotUtf8.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void anEncodedSurrogateIsRefused() {
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    assertThatThrownBy(() -> StrictUtf8.decode(surrogate))
        .as("CESU-style encoded surrogates are not UTF-8")
        .isInstanceOf(StrictUtf8.NotUtf8.class);
  }

  @Test
  void anOverlongEncodingIsRefused() {
    byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
    assertThatThrownBy(() -> StrictUtf8.decode(overlongSlash))
        .as("an overlong encoding of '/' is refused: it would let two byte strings read as one text")
        .isInstanceOf(StrictUtf8.NotUtf8.class);
  }
}
