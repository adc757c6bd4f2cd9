package dev.ferry.app;

import dev.ferry.engine.FerryVersion;
import javafx.application.Application;

/**
 * The plain {@code main}: a class that does not extend Application, so Ferry starts from a classpath
 * with the JavaFX jars on it (a main class extending Application insists on JavaFX modules).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    // Answered before JavaFX starts, so it works without a display (the packages' tests run it so).
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println(FerryVersion.nameAndVersion());
      return;
    }
    try {
      AppOptions.parse(java.util.List.of(args));
    } catch (IllegalArgumentException e) {
      // A mistyped option is one line, not a JavaFX stack trace.
      System.err.println("ferry: " + e.getMessage());
      System.exit(2);
    }
    Application.launch(FerryApp.class, args);
  }
}
