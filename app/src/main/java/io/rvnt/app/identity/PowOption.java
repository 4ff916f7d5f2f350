package io.rvnt.app.identity;

import picocli.CommandLine.Option;

/** How many threads solve proofs of work. */
final class PowOption {
  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads solving the proof of work (default: the number of processors).")
  Integer threads;

  int threadsOrDefault() {
    if (threads != null && threads < 1) {
      throw new io.rvnt.app.CliException("--threads must be at least 1");
    }
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
