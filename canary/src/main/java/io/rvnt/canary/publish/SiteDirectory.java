package io.rvnt.canary.publish;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.verify.PublishedCanary;
import io.rvnt.canary.verify.VerificationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The four published files in a folder of the static site, under the names the server architecture gives
 * ({@code https://rvntos.io/canary.txt}, {@code canary.txt.sig}) plus the clear-signed copy and the public key.
 * Files are written world-readable for the web server, each to a new file that then replaces the old one, so a
 * reader never sees half a file.
 */
public final class SiteDirectory {
  public static final String TEXT = "canary.txt";
  public static final String DETACHED_SIGNATURE = "canary.txt.sig";
  public static final String CLEAR_SIGNED = "canary.asc";
  public static final String PUBLIC_KEY = "canary-key.asc";

  /** In the order they are replaced: the text last, so it never points at signatures that are not out yet. */
  public static final List<String> FILES = List.of(PUBLIC_KEY, DETACHED_SIGNATURE, CLEAR_SIGNED, TEXT);

  private SiteDirectory() {}

  /**
   * Reads the four files, each bounded by the policy's limit (one byte over is read, so the verifier reports it).
   *
   * @throws CanaryException {@link Reason#BAD_INPUT} naming the first file that is missing
   */
  public static PublishedCanary read(Path directory, VerificationPolicy policy) throws CanaryException {
    return new PublishedCanary(
        readBounded(directory.resolve(TEXT), policy.maxTextBytes()),
        readBounded(directory.resolve(DETACHED_SIGNATURE), policy.maxSignatureBytes()),
        readBounded(directory.resolve(CLEAR_SIGNED), policy.maxClearSignedBytes()),
        readBounded(directory.resolve(PUBLIC_KEY), policy.maxKeyBytes()));
  }

  /** Reads {@code canary.txt} alone, bounded like {@link #read}. */
  public static byte[] readText(Path directory, VerificationPolicy policy) throws CanaryException {
    return readBounded(directory.resolve(TEXT), policy.maxTextBytes());
  }

  public static boolean hasCanary(Path directory) {
    return Files.isRegularFile(directory.resolve(TEXT));
  }

  /** Writes the four files into {@code directory}, creating it when missing. */
  public static void write(Path directory, PublishedCanary canary) throws CanaryException {
    try {
      Files.createDirectories(directory);
      replace(directory, PUBLIC_KEY, canary.publicKey());
      replace(directory, DETACHED_SIGNATURE, canary.detachedSignature());
      replace(directory, CLEAR_SIGNED, canary.clearSigned());
      replace(directory, TEXT, canary.text());
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot write the canary to " + directory + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readBounded(Path file, int maxBytes) throws CanaryException {
    if (!Files.isRegularFile(file)) {
      throw new CanaryException(Reason.BAD_INPUT, file.getFileName() + " is missing from " + file.getParent());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void replace(Path directory, String name, byte[] bytes) throws IOException {
    Path next = Files.createTempFile(directory, "." + name + "-", ".new");
    try {
      // Public files: the web server must read them whatever the operator's umask.
      Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-r--r--"));
      Files.write(next, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      try {
        Files.move(next, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(next);
    }
  }
}
