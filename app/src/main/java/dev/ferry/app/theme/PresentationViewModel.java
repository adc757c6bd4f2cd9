package dev.ferry.app.theme;

import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Presentation mode, for a stage and a projector: one stylesheet ({@link #STYLESHEET}) layered over
 * whichever theme is on, never a second set of views. It sets the base type to 18 pt (sized for a
 * 1920 x 1080 projector), raises contrast, thickens chart lines, and lets the main window show the
 * freeze stopwatch big in its middle while a migration runs. {@link #CARD_SCALE} is how much larger
 * the pane's fixed-size card cells grow so the larger type still fits.
 */
public final class PresentationViewModel {
  /** The stylesheet's URL, for a scene's stylesheet list. */
  public static final String STYLESHEET = Objects.requireNonNull(PresentationViewModel.class.getResource("/dev/ferry/app/presentation.css"))
      .toExternalForm();
  /** 18 pt is 24 px; AtlantaFX's base is 14 px. Cards are laid out at the base size, so they grow by the same ratio. */
  public static final double CARD_SCALE = 24.0 / 14.0;

  private final BooleanProperty on = new SimpleBooleanProperty(this, "on");

  /** Whether presentation mode is on; the toolbar toggle binds to it both ways. */
  public BooleanProperty on() {
    return on;
  }

  /** The toolbar's shortcut (F5, as slide tools start a show). */
  public void toggle() {
    on.set(!on.get());
  }
}
