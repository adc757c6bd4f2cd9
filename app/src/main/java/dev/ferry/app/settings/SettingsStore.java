package dev.ferry.app.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.time.Clock;

/** {@code settings.json} in Ferry's config folder: {@link AppSettings}, or the defaults (and a notice) when it is missing or unreadable. */
public final class SettingsStore {
  private final JsonFile<AppSettings> file;

  public SettingsStore(Path configDir, Clock clock) {
    this.file = new JsonFile<>(configDir.resolve("settings.json"), new TypeReference<>() { }, "the default settings", clock);
  }

  public Path file() {
    return file.path();
  }

  public JsonFile.Read<AppSettings> load() {
    return file.read(AppSettings.DEFAULTS);
  }

  public void save(AppSettings s) {
    file.write(s);
  }
}
