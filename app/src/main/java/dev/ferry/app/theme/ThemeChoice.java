package dev.ferry.app.theme;

/** What the person picked in the toolbar: always light, always dark, or whatever the system prefers. */
public enum ThemeChoice {
  LIGHT("Light"), DARK("Dark"), SYSTEM("System");

  private final String label;

  ThemeChoice(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
