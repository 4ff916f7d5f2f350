package io.rvnt.app.canary;

import picocli.CommandLine.Option;

/** {@code -h/--help} alone: the version belongs to {@code rvnt --version}, not to each canary command. */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
