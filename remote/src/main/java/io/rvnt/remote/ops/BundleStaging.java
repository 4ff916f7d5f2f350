package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.ssh.ExecResult;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Shell;
import java.util.function.LongConsumer;

/**
 * Brings a bundle onto a host for provision and deploy: uploads it into incoming (skipped when the same bytes are
 * already there), checks its SHA-256 on the host and unpacks it; the {@link StagedBundle} cleans incoming up.
 */
final class BundleStaging {
  /** A non-root login user's 0700 upload folder in its home (SFTP runs as that user, not as root). */
  static final String LOGIN_USER_STAGING = ".rvnt-upload";

  private BundleStaging() {}

  /** Uploads, checks and unpacks {@code bundle}; close the result when the action is done, failed or not. */
  static StagedBundle stage(RemoteSession session, HostLayout layout, Bundle bundle, Progress progress,
      Cancellation cancel) throws RemoteException {
    StagedBundle staged = new StagedBundle(session, layout, bundle);
    try {
      unpack(session, layout, bundle, progress, cancel, staged);
      return staged;
    } catch (RemoteException | RuntimeException e) {
      staged.close();
      throw e;
    }
  }

  private static void unpack(RemoteSession session, HostLayout layout, Bundle bundle, Progress progress,
      Cancellation cancel, StagedBundle staged) throws RemoteException {
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
    ExecResult unpacked = session.exec("rm -rf " + layout.incoming(bundle.folder()) + " && tar -xzf "
        + layout.incoming(archive) + " -C " + layout.incoming());
    if (!unpacked.ok()) {
      staged.discard();
      throw new RemoteException(Reason.BAD_BUNDLE, name + ": cannot unpack " + archive + ": " + unpacked.reason());
    }
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
      String staging = home + "/" + LOGIN_USER_STAGING;
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
