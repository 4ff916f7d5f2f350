package io.rvnt.canary.verify;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.openpgp.FileModes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verifier's memory of the newest canary it accepted per pinned key, so that an older canary served later is
 * caught. One line per key: {@code FINGERPRINT SEQUENCE SHA256}. Written whole to a new file that replaces the old one
 * atomically, so a crash leaves either state. A file that cannot be read is an error, never a fresh start: forgetting
 * would let a replayed canary through.
 */
public final class SeenFile {
  /** One line per watched key; a verifier watches a handful. */
  public static final int MAX_BYTES = 64 * 1024;

  private final Path file;

  public SeenFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  public Optional<Seen> lastSeen(Fingerprint key) throws CanaryException {
    return Optional.ofNullable(readAll().get(key));
  }

  /** Remembers {@code seen} for {@code key} unless a newer canary is already remembered. */
  public void record(Fingerprint key, Seen seen) throws CanaryException {
    Map<Fingerprint, Seen> all = readAll();
    Seen previous = all.get(key);
    if (previous != null && previous.sequence() > seen.sequence()) {
      return;
    }
    all.put(key, seen);
    StringBuilder text = new StringBuilder();
    all.forEach(
        (fingerprint, entry) ->
            text.append(fingerprint.hex())
                .append(' ')
                .append(entry.sequence())
                .append(' ')
                .append(entry.sha256())
                .append('\n'));
    write(text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private Map<Fingerprint, Seen> readAll() throws CanaryException {
    Map<Fingerprint, Seen> all = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return all;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot read the state file " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new CanaryException(Reason.BAD_INPUT, "state file " + file + " is over " + MAX_BYTES + " bytes");
    }
    String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] fields = lines[i].split(" ");
      try {
        if (fields.length != 3) {
          throw new IllegalArgumentException("expected FINGERPRINT SEQUENCE SHA256");
        }
        all.put(new Fingerprint(fields[0]), new Seen(Long.parseLong(fields[1]), fields[2]));
      } catch (IllegalArgumentException e) {
        throw new CanaryException(
            Reason.BAD_INPUT,
            "state file " + file + " line " + (i + 1) + " is damaged (" + e.getMessage()
                + "); fix or remove it knowingly",
            e);
      }
    }
    return all;
  }

  private void write(byte[] bytes) throws CanaryException {
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(directory)) {
        Path parent = directory.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.createDirectory(directory, FileModes.secretDirectory());
      }
      Path next = Files.createTempFile(directory, ".canary-seen-", ".new", FileModes.secretFile());
      try {
        Files.write(
            next, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        try {
          Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(next);
      }
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot write the state file " + file + ": " + e.getMessage(), e);
    }
  }
}
