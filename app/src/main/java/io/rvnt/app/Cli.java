package io.rvnt.app;

import picocli.CommandLine;

/**
 * How every command reports failure: a non-zero exit and one line saying why, never a stack trace. Commands throw
 * {@link CliException} for expected failures; anything else is reported by its message alone.
 */
final class Cli {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  private Cli() {}

  static CommandLine newCommandLine(Object command) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    versionEverywhere(commandLine, new Version.Provider());
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr().println("rvnt: " + oneLine(exception));
          return EXIT_FAILURE;
        });
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine cmd = exception.getCommandLine();
          cmd.getErr().println("rvnt: " + exception.getMessage());
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
          return EXIT_USAGE;
        });
    return commandLine;
  }

  /** Every command's {@code --version} prints the build's version, as {@code ./rvnt --version} does. */
  private static void versionEverywhere(CommandLine commandLine, CommandLine.IVersionProvider provider) {
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    if (spec.versionProvider() == null && spec.version().length == 0) {
      spec.versionProvider(provider);
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      versionEverywhere(sub, provider);
    }
  }

  /** A readable one-line reason for a failure, without class names where a message exists. */
  static String oneLine(Throwable exception) {
    Throwable cause = exception;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return message.replace('\n', ' ').strip();
  }
}
