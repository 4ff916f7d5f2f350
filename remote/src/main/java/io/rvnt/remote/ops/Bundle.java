package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release bundle on the operator's machine, {@code rvnt-VERSION.tar.gz} as packaging builds it, with its SHA-256.
 * The version comes from the file name and is checked again on the host against the bundle's VERSION file.
 */
public record Bundle(Path file, String version, String sha256) {
  private static final Pattern NAME = Pattern.compile("rvnt-([A-Za-z0-9][A-Za-z0-9._+-]{0,63})\\.tar\\.gz");

  public static Bundle of(Path file) throws RemoteException {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new RemoteException(Reason.BAD_BUNDLE, file + ": expected a file named rvnt-VERSION.tar.gz");
    }
    if (!Files.isRegularFile(file)) {
      throw new RemoteException(Reason.BAD_BUNDLE, file + ": no such file");
    }
    return new Bundle(file, m.group(1), sha256(file));
  }

  /** The folder name inside the archive. */
  public String folder() {
    return "rvnt-" + version;
  }

  static String sha256(Path file) throws RemoteException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new RemoteException(Reason.BAD_BUNDLE, file + ": cannot read (" + e.getMessage() + ")", e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
