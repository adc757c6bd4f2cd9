package dev.ferry.app;

import javafx.application.Application;

/**
 * The plain {@code main}: a class that does not extend Application, so Ferry starts from a classpath
 * with the JavaFX jars on it (a main class extending Application insists on JavaFX modules).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    Application.launch(FerryApp.class, args);
  }
}
