package io.rvnt.remote.log;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the operator's files live and how they are written: under {@code $XDG_CONFIG_HOME/rvnt/remote} (or
 * {@code ~/.config/rvnt/remote}), folders 0700, files 0600, created with those modes (never widened, then narrowed);
 * a folder that exists with a wider mode (a {@code --config-dir} made by hand) is narrowed to 0700 before a write.
 */
public final class OperatorFiles {
  private OperatorFiles() {}

  /** The folder for hosts.conf and actions.log (XDG Base Directory spec). */
  public static Path defaultFolder() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("rvnt").resolve("remote");
  }

  /** Replaces {@code file} with {@code text} atomically: a 0600 temporary file in the same folder, then a rename. */
  public static void writePrivate(Path file, String text) throws RemoteException {
    try {
      Path folder = privateFolder(file.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(folder, ".tmp-", "",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new RemoteException(Reason.LOCAL_IO, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one line to {@code file}, creating it 0600. */
  public static void appendPrivate(Path file, String line) throws RemoteException {
    try {
      privateFolder(file.toAbsolutePath().getParent());
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new RemoteException(Reason.LOCAL_IO, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code folder} 0700, or narrows an existing one to 0700: hosts.conf names the operator's machines. */
  private static Path privateFolder(Path folder) throws IOException {
    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(owner));
    } else if (!Files.getPosixFilePermissions(folder).equals(owner)) {
      Files.setPosixFilePermissions(folder, owner);
    }
    return folder;
  }
}
