package dev.ferry.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.theme.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
  @TempDir
  Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T19:40:00Z"), ZoneOffset.UTC);

  @Test
  void settingsSurviveARoundTripAndAMissingFileGivesTheDefaults() {
    SettingsStore store = new SettingsStore(dir.resolve("ferry"), clock);
    assertThat(store.load().value()).isEqualTo(AppSettings.DEFAULTS);
    store.save(new AppSettings(ThemeChoice.DARK, true));
    assertThat(new SettingsStore(dir.resolve("ferry"), clock).load().value()).isEqualTo(new AppSettings(ThemeChoice.DARK, true));
  }

  @Test
  void aFieldMissingFromTheFileTakesItsDefaultAndAnUnknownOneIsIgnored() throws Exception {
    SettingsStore store = new SettingsStore(dir, clock);
    Files.writeString(store.file(), "{\"presentation\": true, \"fromANewerFerry\": 3}");
    assertThat(store.load().value()).isEqualTo(new AppSettings(ThemeChoice.SYSTEM, true));
    assertThat(store.load().notice()).isEmpty();
  }

  @Test
  void anUnreadableFileIsSetAsideNamedAndTheDefaultsAreUsed() throws Exception {
    SettingsStore store = new SettingsStore(dir, clock);
    Files.writeString(store.file(), "{\"theme\": \"PURPLE\"}");
    JsonFile.Read<AppSettings> read = store.load();
    assertThat(read.value()).isEqualTo(AppSettings.DEFAULTS);
    assertThat(read.notice()).hasValueSatisfying(n -> assertThat(n).contains(store.file().toString())
        .contains("set aside as settings.json.corrupt-20261202-194000").endsWith("Ferry starts with the default settings."));
    assertThat(dir.resolve("settings.json.corrupt-20261202-194000")).exists();
  }

  @Test
  void anEmptyFileIsUnreadableToo() throws Exception {
    SettingsStore store = new SettingsStore(dir, clock);
    Files.writeString(store.file(), "");
    assertThat(store.load().notice()).isPresent();
  }

  @Test
  void eachPlatformKeepsTheConfigInItsUsualPlace() {
    Path home = Path.of("/home/me");
    assertThat(ConfigFolder.of("Linux", java.util.Map.of(), home)).isEqualTo(Path.of("/home/me/.config/ferry"));
    assertThat(ConfigFolder.of("Linux", java.util.Map.of("XDG_CONFIG_HOME", "/x"), home)).isEqualTo(Path.of("/x/ferry"));
    assertThat(ConfigFolder.of("Mac OS X", java.util.Map.of(), home))
        .isEqualTo(Path.of("/home/me/Library/Application Support/Ferry"));
    assertThat(ConfigFolder.of("Windows 11", java.util.Map.of("APPDATA", "/users/me/AppData/Roaming"), home))
        .isEqualTo(Path.of("/users/me/AppData/Roaming/Ferry"));
    assertThat(ConfigFolder.of("Windows 11", java.util.Map.of(), home)).isEqualTo(Path.of("/home/me/AppData/Roaming/Ferry"));
  }
}
