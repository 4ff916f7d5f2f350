package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * Where the operator keeps the canary key, on the operator's own machine only: a directory of mode 0700 holding
 * {@value #SECRET_KEY} (mode 0600, encrypted under the passphrase) and {@value #PUBLIC_KEY}. Both are created with
 * their final modes; an existing secret key is never overwritten, and a directory or key file that group or others
 * can reach is refused.
 */
public final class KeyDirectory {
  public static final String SECRET_KEY = "secret-key.asc";
  public static final String PUBLIC_KEY = "public-key.asc";

  private KeyDirectory() {}

  /** Stores {@code key} in {@code directory}, creating the directory (mode 0700) when missing. */
  public static void store(Path directory, SigningKey key) throws CanaryException {
    try {
      if (Files.exists(directory)) {
        if (!Files.isDirectory(directory)) {
          throw new CanaryException(Reason.BAD_INPUT, directory + " exists and is not a directory");
        }
        FileModes.requirePrivate(directory, "key directory");
      } else {
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.createDirectory(directory, FileModes.secretDirectory());
      }
      Path secret = directory.resolve(SECRET_KEY);
      if (Files.exists(secret)) {
        throw new CanaryException(
            Reason.REFUSED_OVERWRITE, secret + " already exists; move it away to replace the key");
      }
      writeNew(secret, key.secretKeyArmored());
      Path publicKey = directory.resolve(PUBLIC_KEY);
      Files.deleteIfExists(publicKey);
      writeNew(publicKey, key.publicKeyArmored());
    } catch (FileAlreadyExistsException e) {
      throw new CanaryException(Reason.REFUSED_OVERWRITE, e.getFile() + " already exists", e);
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot write the key to " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Reads the secret key, refusing it when its directory or file is open to group or others. */
  public static SigningKey load(Path directory) throws CanaryException {
    Path secret = directory.resolve(SECRET_KEY);
    if (!Files.isRegularFile(secret)) {
      throw new CanaryException(
          Reason.BAD_INPUT, "no secret key at " + secret + " (make one with 'rvnt canary keygen')");
    }
    FileModes.requirePrivate(directory, "key directory");
    FileModes.requirePrivate(secret, "secret key file");
    byte[] bytes = readBounded(secret, SigningKey.MAX_KEY_BYTES);
    return SigningKey.parse(bytes);
  }

  static byte[] readBounded(Path file, int maxBytes) throws CanaryException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      OpenPgp.checkSize(file.toString(), bytes, maxBytes);
      return bytes;
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code file} with mode 0600 from the first byte on (umask can only remove permissions). */
  private static void writeNew(Path file, byte[] bytes) throws IOException {
    SeekableByteChannel channel =
        Files.newByteChannel(
            file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FileModes.secretFile());
    try (channel) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      // Only a file this call created is removed: CREATE_NEW above failed for anything that already existed.
      Files.deleteIfExists(file);
      throw e;
    }
  }
}
