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
