package io.rvnt.app;

/**
 * The watchdog behind {@code --parent-pid}: a server started by the console or the sandbox exits (through its
 * shutdown hooks, so its store closes cleanly) as soon as that parent process is gone. A parent killed with SIGKILL
 * runs no hook of its own, so without this its children would live on as orphans.
 */
public final class ParentWatch {
  private ParentWatch() {}

  /** Watches {@code parentPid}; does nothing for {@code null} (a server started by hand or by systemd). */
  public static void exitWhenGone(Long parentPid) {
    if (parentPid == null) {
      return;
    }
    ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive).ifPresentOrElse(
        parent -> parent.onExit().thenRun(ParentWatch::exit),
        ParentWatch::exit);
  }

  private static void exit() {
    // Not on the caller's thread: System.exit blocks until the shutdown hooks have run.
    Thread exiting = new Thread(() -> System.exit(0), "rvnt-parent-gone");
    exiting.setDaemon(false);
    exiting.start();
  }
}
