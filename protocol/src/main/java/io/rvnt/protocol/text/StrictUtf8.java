package io.rvnt.protocol.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 without repair, for every file and document the project reads as text. {@code new String(bytes,
 * UTF_8)} would put U+FFFD in place of a bad sequence, so two different files could read as one text, and an
 * operator's file saved in another encoding would be read as something they never wrote. Each caller reports a
 * failure in its own terms; the line of the first bad sequence is what lets an operator find it.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** The bytes are not well-formed UTF-8. */
  public static final class NotUtf8 extends Exception {
    private final long line;

    NotUtf8(long line) {
      super("line " + line + " has a byte sequence that is not UTF-8", null, false, false);
      this.line = line;
    }

    /** The 1-based line ('\n'-separated) on which the first bad sequence starts. */
    public long line() {
      return line;
    }
  }

  /**
   * The text of {@code bytes}.
   *
   * @throws NotUtf8 if a byte sequence is not UTF-8 (including a sequence cut short at the end), with its line
   */
  public static String decode(byte[] bytes) throws NotUtf8 {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input: nothing is replaced
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than it has bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new NotUtf8(lineAt(bytes, in.position()));
    }
    return out.flip().toString();
  }

  private static long lineAt(byte[] bytes, int position) {
    long line = 1;
    for (int i = 0; i < position; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
