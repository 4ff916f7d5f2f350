package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a passphrase from a file the way {@code gpg --passphrase-file} does: its first line, without the line end.
 * The file must be private to its owner. The passphrase comes back as a {@code char[]} that the caller wipes; every
 * intermediate buffer is wiped here, and no {@code String} of it is ever made.
 */
public final class PassphraseFile {
  /** A passphrase is a line of words, not a document. */
  public static final int MAX_BYTES = 1024;

  private PassphraseFile() {}

  public static char[] read(Path file) throws CanaryException {
    if (!Files.isRegularFile(file)) {
      throw new CanaryException(Reason.BAD_INPUT, "passphrase file " + file + " does not exist or is not a file");
    }
    FileModes.requirePrivate(file, "passphrase file");
    byte[] bytes = new byte[MAX_BYTES + 1];
    int length = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while (length < bytes.length && (read = in.read(bytes, length, bytes.length - length)) > 0) {
        length += read;
      }
      if (length > MAX_BYTES) {
        throw new CanaryException(
            Reason.BAD_INPUT, "passphrase file " + file + " is over the limit of " + MAX_BYTES + " bytes");
      }
      return firstLine(bytes, length, file);
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "passphrase file " + file + " cannot be read: " + e.getMessage(), e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Decodes into a char array it wipes, never a String (unlike StrictUtf8): the passphrase must not linger. */
  private static char[] firstLine(byte[] bytes, int length, Path file) throws CanaryException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(length);
    try {
      CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), chars, true);
      if (result.isError() || decoder.flush(chars).isError()) {
        throw new CanaryException(Reason.BAD_INPUT, "passphrase file " + file + " is not UTF-8 text");
      }
      int end = 0;
      while (end < chars.position() && chars.get(end) != '\n') {
        end++;
      }
      if (end > 0 && chars.get(end - 1) == '\r') {
        end--;
      }
      if (end == 0) {
        throw new CanaryException(Reason.BAD_INPUT, "passphrase file " + file + " has an empty first line");
      }
      char[] passphrase = new char[end];
      for (int i = 0; i < end; i++) {
        passphrase[i] = chars.get(i);
      }
      return passphrase;
    } finally {
      Arrays.fill(chars.array(), '\0');
    }
  }
}
