package io.rvnt.console;

/**
 * Opens the console: the plain class that {@code ./rvnt} calls, so that the shaded jar starts JavaFX from the
 * class path. Returns when the console window is closed, after the sandbox has stopped.
 */
public final class ConsoleLauncher {
  private ConsoleLauncher() {}

  public static void open(ConsoleSetup setup) {
    Runtime.getRuntime().addShutdownHook(new Thread(setup.sandbox()::stop, "console-sandbox-stop"));
    ConsoleApplication.launch(setup);
  }
}
