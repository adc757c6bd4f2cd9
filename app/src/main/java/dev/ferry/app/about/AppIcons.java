package dev.ferry.app.about;

import java.util.List;
import java.util.Objects;
import javafx.scene.image.Image;

/**
 * Ferry's icon in the sizes a window manager picks from, made from icons/ferry.svg by
 * icons/make-icons.sh and put on the classpath by app/pom.xml. Used as every stage's icons and in the
 * About dialog.
 */
public final class AppIcons {
  /** The sizes given to the window; 16-64 for title bars and task switchers, 128 and 256 for docks and the About dialog. */
  public static final List<Integer> WINDOW_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

  private static List<Image> window;

  private AppIcons() {}

  /** The icon at one of {@link #WINDOW_SIZES}. */
  public static Image of(int size) {
    return new Image(Objects.requireNonNull(AppIcons.class.getResource(resource(size)), "no icon of " + size + " px").toExternalForm());
  }

  /** Every window size, loaded once (on the FX thread, at start: a few KB from Ferry's own jar). */
  public static synchronized List<Image> forWindow() {
    if (window == null) {
      window = WINDOW_SIZES.stream().map(AppIcons::of).toList();
    }
    return window;
  }

  static String resource(int size) {
    return "/dev/ferry/app/icons/ferry-" + size + ".png";
  }
}
