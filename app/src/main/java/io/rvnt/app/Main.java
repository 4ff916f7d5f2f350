package io.rvnt.app;

import picocli.CommandLine;

/**
 * The one entry point of {@code rvnt.jar}. A plain class, not a JavaFX {@code Application}, so that the shaded jar
 * starts without the JavaFX module path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RvntCommand.execute(args));
  }
}
