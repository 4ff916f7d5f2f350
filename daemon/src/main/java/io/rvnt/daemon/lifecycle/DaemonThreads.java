package io.rvnt.daemon.lifecycle;

import java.util.concurrent.ThreadFactory;

/** The threads of a server's own executors (schedulers, workers): named for a thread dump, and daemon threads. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** A factory of daemon threads that all carry {@code name}. */
  public static ThreadFactory named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
