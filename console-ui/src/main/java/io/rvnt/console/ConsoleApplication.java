package io.rvnt.console;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application. Started by {@link ConsoleLauncher}, never as a jar's main class (a shaded jar whose main
 * class extends {@code Application} fails with "JavaFX runtime components are missing").
 */
public final class ConsoleApplication extends Application {
  private static volatile ConsoleSetup setup;
  private Console console;

  static void launch(ConsoleSetup consoleSetup) {
    setup = consoleSetup;
    Application.launch(ConsoleApplication.class);
  }

  @Override
  public void start(Stage stage) {
    console = Console.open(stage, setup);
    setup.screenshotDir().ifPresent(this::tour);
  }

  @Override
  public void stop() {
    if (console != null) {
      console.close();
    }
  }

  private void tour(Path directory) {
    new ScreenshotTour(console, directory, () -> Platform.exit()).begin();
  }
}
