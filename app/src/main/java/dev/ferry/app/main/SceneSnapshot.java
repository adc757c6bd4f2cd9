package dev.ferry.app.main;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * A picture of a scene, for the screenshots in docs/ and for tests: {@link #of} takes it on the FX
 * thread (Scene.snapshot), {@link #writePng} writes it, off the FX thread. Shared by the app's
 * --snapshot option and the end-to-end tests (the migration feature's screenshots use it too).
 */
public record SceneSnapshot(int width, int height, int[] argb) {
  /** Call on the FX thread. */
  public static SceneSnapshot of(Scene scene) {
    return of(scene.snapshot(null));
  }

  private static SceneSnapshot of(WritableImage img) {
    int w = (int) img.getWidth();
    int h = (int) img.getHeight();
    int[] pixels = new int[w * h];
    img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
    return new SceneSnapshot(w, h, pixels);
  }

  /** A picture of one node (a chart, for export), at its size on screen. Call on the FX thread. */
  public static SceneSnapshot of(javafx.scene.Node node) {
    return of(node.snapshot(new javafx.scene.SnapshotParameters(), null));
  }

  /** Writes a PNG; blocks on the disk, so not on the FX thread. */
  public Path writePng(Path file) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    out.setRGB(0, 0, width, height, argb, 0, width);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(out, "png", file.toFile())) {
        throw new IOException("no PNG writer in this Java runtime");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
