package dev.ferry.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Ferry's one version, the parent pom's, as the build wrote it into {@code version.properties}. The
 * CLI's {@code --version}, the app's launcher and About dialog, and the installers all show this one.
 * Read once, when the class loads: a resource inside Ferry's own jar, a few bytes.
 */
public final class FerryVersion {
  private static final String RESOURCE = "version.properties";
  private static final String VERSION = load();

  private FerryVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return VERSION;
  }

  /** How Ferry names itself with its version: {@code Ferry 0.1.0-SNAPSHOT}. */
  public static String nameAndVersion() {
    return "Ferry " + VERSION;
  }

  private static String load() {
    try (InputStream in = FerryVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing beside " + FerryVersion.class.getName() + ": a build without Maven's resources step");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      if (v.isBlank() || v.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + " was not filtered by Maven: version=" + v);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
