package io.rvnt.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shipped packaging files (packaging/ in the repository) and the built bundle, as failsafe passes them. */
final class Shipped {
  /** How long a local tool (tar, systemd-analyze, install.sh) may take on a busy machine: a deadline. */
  private static final long TOOL_DEADLINE_SECONDS = 300;

  private Shipped() {}

  static Path file(String relative) {
    String dir = System.getProperty("rvnt.packaging.dir");
    if (dir == null) {
      throw new IllegalStateException("system property rvnt.packaging.dir is not set (run through failsafe)");
    }
    return Path.of(dir, relative);
  }

  static Path bundle() {
    Path bundle = Path.of(System.getProperty("rvnt.bundle", "missing"));
    if (!Files.isRegularFile(bundle)) {
      throw new IllegalStateException("the bundle was not built: " + bundle);
    }
    return bundle;
  }

  /** Unpacks the bundle into {@code dir}; returns its one folder, {@code rvnt-VERSION}. */
  static Path unpackBundle(Path dir) throws IOException, InterruptedException {
    Run unpack = run(List.of("tar", "-xzf", bundle().toString(), "-C", dir.toString()));
    if (unpack.exit() != 0) {
      throw new IllegalStateException("cannot unpack the bundle: " + unpack.output());
    }
    try (var folders = Files.list(dir)) {
      return folders.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  record Run(int exit, String output) {}

  /** Runs a local tool; a missing tool fails loudly through the IOException. */
  static Run run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(TOOL_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TOOL_DEADLINE_SECONDS
          + " s");
    }
    return new Run(process.exitValue(), out);
  }
}
