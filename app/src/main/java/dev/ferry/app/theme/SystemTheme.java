package dev.ferry.app.theme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds out whether the desktop prefers dark, where that can be told (JavaFX 21 has no API for it;
 * Platform.Preferences came in 22). In order: the GTK_THEME variable ("Adwaita:dark"); on Linux,
 * GNOME's {@code color-scheme} and then its GTK theme's name through {@code gsettings}; on macOS,
 * {@code defaults read -g AppleInterfaceStyle}; on Windows, the AppsUseLightTheme registry value.
 * Runs small commands with a 2 s limit: call it through the executor, never on the UI thread.
 */
public final class SystemTheme {
  /** The preference found, and where it was read, for the toolbar's tooltip. */
  public record Preference(boolean dark, String source) {}

  private static final long COMMAND_TIMEOUT_SECONDS = 2;

  public Optional<Preference> detect() {
    String gtk = System.getenv("GTK_THEME");
    if (gtk != null && !gtk.isBlank()) {
      return Optional.of(new Preference(gtk.toLowerCase(Locale.ROOT).contains("dark"), "GTK_THEME=" + gtk));
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      Optional<String> style = run(List.of("defaults", "read", "-g", "AppleInterfaceStyle"));
      return Optional.of(new Preference(style.map(s -> s.contains("Dark")).orElse(false), "macOS AppleInterfaceStyle"));
    }
    if (os.contains("win")) {
      return run(List.of("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v", "AppsUseLightTheme"))
          .map(out -> new Preference(out.contains("0x0"), "Windows AppsUseLightTheme"));
    }
    Optional<String> scheme = run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"));
    if (scheme.isPresent() && (scheme.get().contains("dark") || scheme.get().contains("light"))) {
      return Optional.of(new Preference(scheme.get().contains("dark"), "gsettings color-scheme " + scheme.get().strip()));
    }
    return run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"))
        .filter(t -> !t.isBlank())
        .map(t -> new Preference(t.toLowerCase(Locale.ROOT).contains("dark"), "gsettings gtk-theme " + t.strip()));
  }

  private static Optional<String> run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
