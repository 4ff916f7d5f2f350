package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.ssh.ExecResult;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Shell;
import java.util.function.LongConsumer;

/**
 * Brings a bundle onto a host for provision and deploy: uploads it into incoming (skipped when the same bytes are
 * already there), checks its SHA-256 on the host, unpacks it, and removes the unpacked folder afterwards.
 */
final class BundleStaging {
  private BundleStaging() {}

  /** Uploads, checks and unpacks {@code bundle}; returns the unpacked folder's name in incoming. */
  static String stage(RemoteSession session, HostLayout layout, Bundle bundle, Progress progress,
      Cancellation cancel) throws RemoteException {
    String name = session.host().name();
    String archive = bundle.file().getFileName().toString();
    session.run("prepare", "mkdir -p " + layout.incoming() + " && chmod 0700 " + layout.incoming());
    if (!bundle.sha256().equals(remoteSha256(session, layout.incoming(archive)))) {
      cancel.check(name);
      progress.step(name, "uploading " + archive);
      String part = session.host().prefix() + "/opt/rvnt/incoming/" + archive + ".part";
      upload(session, bundle, part, progress);
      progress.step(name, "checking SHA-256");
      String uploaded = remoteSha256(session, Shell.quote(part));
      if (!bundle.sha256().equals(uploaded)) {
        session.exec("rm -f " + Shell.quote(part));
        throw new RemoteException(Reason.CHECKSUM_MISMATCH, name + ": uploaded bundle has SHA-256 " + uploaded
            + ", expected " + bundle.sha256());
      }
      session.run("upload", "mv -f " + Shell.quote(part) + " " + layout.incoming(archive));
    } else {
      progress.step(name, archive + " already uploaded, SHA-256 matches");
    }
    cancel.check(name);
    progress.step(name, "unpacking");
    session.run("unpack", "rm -rf " + layout.incoming(bundle.folder()) + " && tar -xzf " + layout.incoming(archive)
        + " -C " + layout.incoming());
    return bundle.folder();
  }

  /** Removes the unpacked folder; the archive stays, so that the same bundle is not uploaded twice. */
  static void cleanUp(RemoteSession session, HostLayout layout, Bundle bundle) throws RemoteException {
    session.exec("rm -rf " + layout.incoming(bundle.folder()));
  }

  /** Sends the bundle to {@code part} on the host, reporting progress. */
  private static void upload(RemoteSession session, Bundle bundle, String part, Progress progress)
      throws RemoteException {
    String name = session.host().name();
    String archive = bundle.file().getFileName().toString();
    long size = bundle.file().toFile().length();
    long[] reported = {0};
    LongConsumer sentBytes = sent -> {
      // Every tenth of the way, so a slow link shows it is moving.
      long tenth = size == 0 ? 10 : sent * 10 / size;
      if (tenth > reported[0]) {
        reported[0] = tenth;
        progress.step(name, "uploaded " + tenth * 10 + "%");
      }
    };
    if (session.privileged()) {
      session.upload(bundle.file(), part, sentBytes);
    } else {
      // SFTP runs as the login user, who cannot write root's incoming folder: stage in a 0700 folder of its home,
      // then move as root. The SHA-256 is checked after the move, where only root can change the file.
      String home = session.execAsLoginUser("printf %s \"$HOME\"").stdout();
      String staging = home + "/.rvnt-upload";
      ExecResult made = session.execAsLoginUser("mkdir -p -m 0700 " + Shell.quote(staging));
      if (!made.ok()) {
        throw new RemoteException(Reason.COMMAND_FAILED,
            name + ": cannot create " + staging + ": " + made.reason());
      }
      session.upload(bundle.file(), staging + "/" + archive + ".part", sentBytes);
      session.run("move upload", "mv -f " + Shell.quote(staging + "/" + archive + ".part") + " "
          + Shell.quote(part));
    }
  }

  private static String remoteSha256(RemoteSession session, String quotedPath) throws RemoteException {
    ExecResult result = session.exec("[ -f " + quotedPath + " ] && sha256sum " + quotedPath);
    if (!result.ok()) {
      return "";
    }
    String out = result.stdout().strip();
    int space = out.indexOf(' ');
    return space < 0 ? "" : out.substring(0, space);
  }
}
