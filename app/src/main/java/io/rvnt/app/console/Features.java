package io.rvnt.app.console;

/** What this build of rvnt.jar can run, so the sandbox plans only instances whose command exists. */
final class Features {
  private Features() {}

  /** Whether {@code ./rvnt bootstrap} is in this build. */
  static boolean bootstrapAvailable() {
    try {
      Class.forName("io.rvnt.app.bootstrap.BootstrapCommand");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
