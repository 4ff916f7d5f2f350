package io.rvnt.tor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code tor} and {@code tor-gencert}, and running them to completion for keys and fingerprints. */
final class TorBinaries {
  /** Debian installs tor in /usr/sbin, which is not on every user's PATH. */
  static final Path TOR = Path.of("/usr/sbin/tor");
  static final Path TOR_GENCERT = Path.of("/usr/bin/tor-gencert");
  /** Key generation and fingerprints take a second or two; a busy machine may take far longer. */
  private static final long RUN_SECONDS = 120;

  private TorBinaries() {}

  static void requireInstalled() throws TorNetworkException {
    for (Path binary : List.of(TOR, TOR_GENCERT)) {
      if (!Files.isExecutable(binary)) {
        throw new TorNetworkException(binary + " is missing: install Debian's tor (apt-get install tor; the tests'"
            + " scripts/install-test-deps does)");
      }
    }
  }

  /** Runs {@code command} in {@code workDir} with {@code stdin} as its input; its output on failure. */
  static String run(List<String> command, Path workDir, String stdin) throws TorNetworkException {
    try {
      Path log = workDir.resolve(".run-output");
      Process process = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new TorNetworkException(command.get(0) + " did not finish within " + RUN_SECONDS + " s");
      }
      String output = Files.readString(log);
      Files.delete(log);
      if (process.exitValue() != 0) {
        throw new TorNetworkException(command.get(0) + " failed: " + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new TorNetworkException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TorNetworkException("interrupted while running " + command.get(0), e);
    }
  }
}
