package dev.ferry.e2e.appmigration;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * PNG screenshots of real windows for docs/, taken with JavaFX's own snapshot (what the scene draws,
 * under Monocle or Xvfb alike). Written only when -Dferry.screenshots=DIR is given, so ordinary test
 * runs leave the repository untouched.
 */
final class Screenshots {
  private Screenshots() {}

  static boolean wanted() {
    return System.getProperty("ferry.screenshots") != null;
  }

  /** Saves {@code scene} as {@code name}.png in the screenshot folder; returns the file, or null when not wanted. */
  static Path save(Scene scene, String name) {
    if (!wanted()) {
      return null;
    }
    Path file = Path.of(System.getProperty("ferry.screenshots")).toAbsolutePath().resolve(name + ".png");
    CompletableFuture<WritableImage> shot = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        shot.complete(scene.snapshot(null));
      } catch (RuntimeException e) {
        shot.completeExceptionally(e);
      }
    });
    try {
      WritableImage image = shot.get(10, TimeUnit.SECONDS);
      Files.createDirectories(file.getParent());
      ImageIO.write(toAwt(image), "png", file.toFile());
      System.out.println("screenshot: " + file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not take the screenshot " + name + ": " + e, e);
    }
  }

  private static BufferedImage toAwt(WritableImage image) {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    PixelReader pixels = image.getPixelReader();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, pixels.getArgb(x, y));
      }
    }
    return out;
  }
}
