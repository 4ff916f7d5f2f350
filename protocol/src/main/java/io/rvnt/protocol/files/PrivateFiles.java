package io.rvnt.protocol.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets (invariant 2): a client's keystore, a node's peer key, the relay client's key file. They
 * are mode 0600 in directories of mode 0700, created with those permissions (never widened and narrowed later);
 * written to a temporary file in the same directory, synced, then renamed over the target, so a crash leaves the old
 * file or the new one, never a part; and refused on reading when group or others can reach them.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(FILE_MODE);
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);
  /** How the temporary files of {@link #writeAtomically} start, for readers that list a directory. */
  public static final String TEMP_PREFIX = ".tmp-";

  private PrivateFiles() {}

  /** Writes {@code bytes} to {@code target} (mode 0600): a synced temporary file renamed over it, the rename synced. */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, TEMP_PREFIX, "", FILE_ATTRIBUTE);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  /** Creates {@code dir} with mode 0700 if it is missing (its missing parents with the default mode). */
  public static void createDirectory(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    try {
      Files.createDirectory(absolute, DIRECTORY_ATTRIBUTE);
    } catch (FileAlreadyExistsException raced) {
      // Created meanwhile; whoever reads it checks its mode.
    }
  }

  /** Creates a directory of mode 0700 inside an existing one; fails if it exists. */
  public static void createNewDirectory(Path dir) throws IOException {
    Files.createDirectory(dir, DIRECTORY_ATTRIBUTE);
  }

  /**
   * Refuses {@code path} (not followed if a link) when group or others have any permission on it.
   *
   * @param what how the message names it, such as "a keystore path" or "the peer key"
   * @throws IOException {@code refusing WHAT that group or others can access (chmod go= it): PATH}
   */
  public static void requireOwnerOnly(Path path, String what) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    for (PosixFilePermission permission : permissions) {
      switch (permission) {
        case OWNER_READ, OWNER_WRITE, OWNER_EXECUTE -> { }
        default -> throw new IOException(
            "refusing " + what + " that group or others can access (chmod go= it): " + path);
      }
    }
  }

  /** Makes a rename or creation in {@code dir} durable (Linux allows fsync on a directory opened for reading). */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
