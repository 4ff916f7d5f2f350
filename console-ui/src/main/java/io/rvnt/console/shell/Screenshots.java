package io.rvnt.console.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Saves a scene as PNG through {@code javax.imageio}, which needs no Swing bridge ({@code javafx-swing}). Runs on
 * the FX thread, where snapshots are taken.
 */
public final class Screenshots {
  private Screenshots() {}

  public static Path save(Scene scene, Path file) throws IOException {
    WritableImage image = scene.snapshot(null);
    int width = (int) image.getWidth();
    int height = (int) image.getHeight();
    int[] argb = new int[width * height];
    PixelReader pixels = image.getPixelReader();
    pixels.getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, width);
    BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    buffered.setRGB(0, 0, width, height, argb, 0, width);
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(buffered, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
    return file;
  }

  /** {@code "DHT health"} becomes {@code dht-health.png}. */
  public static String fileName(String screen) {
    return screen.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".png";
  }
}
