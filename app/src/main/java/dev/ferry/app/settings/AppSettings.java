package dev.ferry.app.settings;

import dev.ferry.app.theme.ThemeChoice;

/**
 * The app's typed settings, with their defaults in one place ({@link #DEFAULTS}); kept in
 * {@code settings.json} of the {@link ConfigFolder}. A field missing from the file takes its default.
 */
public record AppSettings(ThemeChoice theme, boolean presentation) {
  public static final AppSettings DEFAULTS = new AppSettings(ThemeChoice.SYSTEM, false);

  public AppSettings {
    theme = theme == null ? DEFAULTS.theme : theme;
  }

  public AppSettings withTheme(ThemeChoice t) {
    return new AppSettings(t, presentation);
  }

  public AppSettings withPresentation(boolean on) {
    return new AppSettings(theme, on);
  }
}
