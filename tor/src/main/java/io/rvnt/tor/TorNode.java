package io.rvnt.tor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One tor process of the network: its torrc and data folder; its output is kept in memory ({@link OutputTail}), not
 * in a file, so that logs go to no disk (invariant 1), and is shown only when it fails.
 */
final class TorNode {
  /** Authorities may take over 5 s to exit on SIGTERM (ENVIRONMENT.md); a test network has nothing to save. */
  static final Duration TERM_GRACE = Duration.ofSeconds(3);

  private final String nickname;
  private final Path dataDir;
  private Process process;
  private OutputTail output;

  TorNode(String nickname, Path dataDir) {
    this.nickname = nickname;
    this.dataDir = dataDir;
  }

  String nickname() {
    return nickname;
  }

  Path dataDir() {
    return dataDir;
  }

  void start(String torrc) throws TorNetworkException {
    try {
      Path file = dataDir.resolve("torrc");
      Files.writeString(file, torrc);
      process = new ProcessBuilder(TorBinaries.TOR.toString(), "-f", file.toString())
          .redirectErrorStream(true)
          .start();
      output = OutputTail.drain(nickname, process.getInputStream());
    } catch (IOException e) {
      throw new TorNetworkException("cannot start tor " + nickname + ": " + e.getMessage(), e);
    }
  }

  boolean started() {
    return process != null;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The process and its children, for checks that none is left. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** The last lines tor printed, for an error message. */
  String lastLog(int lines) {
    if (output == null) {
      return nickname + ": not started";
    }
    return nickname + ": " + String.join("\n  ", output.last(lines));
  }

  /** SIGTERM, without waiting: every node is asked first, then each is awaited ({@link #awaitStopped()}). */
  void terminate() {
    if (process != null) {
      process.destroy();
    }
  }

  /** Waits {@link #TERM_GRACE} after {@link #terminate()}, then SIGKILL; returns once the process is gone. */
  void awaitStopped() {
    if (process == null) {
      return;
    }
    try {
      if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
