package io.rvnt.app;

import picocli.CommandLine.Option;

/** {@code --parent-pid PID}, for every server command: the console and the sandbox set it for their children. */
public final class ParentPidOption {
  @Option(names = "--parent-pid", paramLabel = "PID",
      description = "Exit when process PID is gone; set by the console and the sandbox for their children.")
  Long pid;

  /** The process whose end ends this one ({@link ParentWatch}), or null when none was given. */
  public Long pid() {
    return pid;
  }
}
