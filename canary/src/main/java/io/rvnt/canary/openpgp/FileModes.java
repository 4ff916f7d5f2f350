package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The permission rules for the operator's secrets (common invariant 2): files 0600 and directories 0700, created
 * so from the start rather than tightened afterwards, and refused when group or others can reach them.
 */
public final class FileModes {
  public static final Set<PosixFilePermission> SECRET_FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> SECRET_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private FileModes() {}

  public static FileAttribute<Set<PosixFilePermission>> secretFile() {
    return PosixFilePermissions.asFileAttribute(SECRET_FILE);
  }

  public static FileAttribute<Set<PosixFilePermission>> secretDirectory() {
    return PosixFilePermissions.asFileAttribute(SECRET_DIRECTORY);
  }

  /**
   * Refuses {@code path} (file or directory, links followed) when group or others have any permission on it.
   *
   * @param what how to name it in the message, such as "passphrase file"
   */
  public static void requirePrivate(Path path, String what) throws CanaryException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(path);
    } catch (IOException e) {
      throw new CanaryException(Reason.BAD_INPUT, what + " " + path + " cannot be read: " + e.getMessage(), e);
    }
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(permissions);
    open.retainAll(GROUP_OR_OTHERS);
    if (!open.isEmpty()) {
      String fix = Files.isDirectory(path) ? "chmod 700 " : "chmod 600 ";
      throw new CanaryException(
          Reason.INSECURE_PERMISSIONS,
          what
              + " "
              + path
              + " is open to group or others ("
              + PosixFilePermissions.toString(permissions)
              + "); run: "
              + fix
              + path);
    }
  }
}
