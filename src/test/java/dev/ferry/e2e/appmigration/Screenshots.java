package dev.ferry.e2e.appmigration;

import dev.ferry.app.main.SceneSnapshot;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Screen;

/**
 * PNG screenshots of real runs for docs/: a scene through the app's own {@link SceneSnapshot}, or the
 * whole screen (every window, e.g. the main window with the migration sheet over it) through JavaFX's
 * robot. Written only when -Dferry.screenshots=DIR is given, so ordinary test runs write nothing.
 */
final class Screenshots {
  private Screenshots() {}

  static boolean wanted() {
    return System.getProperty("ferry.screenshots") != null;
  }

  private static Path file(String name) {
    return Path.of(System.getProperty("ferry.screenshots")).toAbsolutePath().resolve(name + ".png");
  }

  /** Saves {@code scene} as {@code name}.png; returns the file, or null when screenshots are not wanted. */
  static Path save(Scene scene, String name) {
    if (!wanted()) {
      return null;
    }
    return write(onFx(() -> SceneSnapshot.of(scene)), name);
  }

  /** Saves the whole screen, every window on it, as {@code name}.png. */
  static Path screen(String name) {
    if (!wanted()) {
      return null;
    }
    return write(onFx(() -> {
      Rectangle2D b = Screen.getPrimary().getBounds();
      WritableImage img = new Robot().getScreenCapture(null, b);
      int w = (int) img.getWidth();
      int h = (int) img.getHeight();
      int[] argb = new int[w * h];
      img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
      return new SceneSnapshot(w, h, argb);
    }), name);
  }

  private static Path write(SceneSnapshot shot, String name) {
    Path f = shot.writePng(file(name));
    System.out.println("screenshot: " + f + " (" + shot.width() + "x" + shot.height() + ")");
    return f;
  }

  private static SceneSnapshot onFx(java.util.function.Supplier<SceneSnapshot> take) {
    CompletableFuture<SceneSnapshot> shot = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        shot.complete(take.get());
      } catch (RuntimeException e) {
        shot.completeExceptionally(e);
      }
    });
    try {
      return shot.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not take a screenshot: " + e, e);
    }
  }
}
