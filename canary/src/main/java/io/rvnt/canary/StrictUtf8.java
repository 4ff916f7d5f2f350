package io.rvnt.canary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes the canary's files as UTF-8 without repair: {@code new String(bytes, UTF_8)} would put U+FFFD in place of
 * a bad sequence, so two different files could read as one text. Shared by the document codec and the OpenPGP
 * parsing, which each report a failure in their own terms.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** The text, or empty if {@code bytes} are not well-formed UTF-8. */
  public static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
