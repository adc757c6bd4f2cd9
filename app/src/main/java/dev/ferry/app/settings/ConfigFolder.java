package dev.ferry.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Ferry keeps its settings and remembered hosts, in each platform's usual place: on Linux and
 * other Unixes $XDG_CONFIG_HOME/ferry (else ~/.config/ferry), on macOS ~/Library/Application
 * Support/Ferry, on Windows %APPDATA%\Ferry (the roaming profile, else the home folder's
 * AppData\Roaming\Ferry).
 */
public final class ConfigFolder {
  private ConfigFolder() {}

  public static Path forThisMachine() {
    return of(System.getProperty("os.name", ""), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static Path of(String osName, Map<String, String> env, Path home) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String appData = env.get("APPDATA");
      return (present(appData) ? Path.of(appData) : home.resolve("AppData").resolve("Roaming")).resolve("Ferry");
    }
    if (os.startsWith("mac")) {
      return home.resolve("Library").resolve("Application Support").resolve("Ferry");
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    return (present(xdg) ? Path.of(xdg) : home.resolve(".config")).resolve("ferry");
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
