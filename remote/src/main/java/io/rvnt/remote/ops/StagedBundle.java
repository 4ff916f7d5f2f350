package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Shell;

/**
 * A bundle unpacked in the host's incoming folder for one provision or deploy. Closing it cleans incoming up,
 * whatever happened: the unpacked folder, interrupted uploads and other versions' archives go; this bundle's archive
 * stays, so that the next action with the same bytes skips the upload, unless the host refused the bundle
 * ({@link #discard()}). Not thread-safe: one action uses it.
 */
final class StagedBundle implements AutoCloseable {
  /** install.sh's exit status when the bundle's files do not match its SHA256SUMS. */
  static final int DAMAGED = 3;

  private final RemoteSession session;
  private final HostLayout layout;
  private final Bundle bundle;
  private boolean discard;

  StagedBundle(RemoteSession session, HostLayout layout, Bundle bundle) {
    this.session = session;
    this.layout = layout;
    this.bundle = bundle;
  }

  /** The command running the unpacked bundle's install.sh with {@code arguments}. */
  String install(String arguments) {
    return layout.install(bundle.folder(), arguments);
  }

  /** The host refused this bundle: its archive goes too, so that the next try uploads it again. */
  void discard() {
    discard = true;
  }

  @Override
  public void close() throws RemoteException {
    String archive = bundle.file().getFileName().toString();
    session.exec("find " + layout.incoming() + " -mindepth 1 -maxdepth 1"
        + (discard ? "" : " ! -name " + Shell.quote(archive)) + " -exec rm -rf {} +");
    if (!session.privileged()) {
      session.execAsLoginUser("rm -rf \"$HOME/" + BundleStaging.LOGIN_USER_STAGING + "\"");
    }
  }
}
