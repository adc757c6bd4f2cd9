package dev.ferry.app.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.app.settings.ConfigFolder;
import dev.ferry.app.settings.JsonFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosts the user connected to, kept between runs in {@code hosts.json} of Ferry's config folder
 * ({@link ConfigFolder}). Names, addresses, users, ports and key file paths only: never a passphrase
 * or password. A file that cannot be read is set aside and Ferry starts with no remembered hosts.
 * Reads and writes block; call them through the executor.
 */
public final class RememberedHostsStore {
  private final JsonFile<List<HostSpec>> file;

  public RememberedHostsStore(Path configDir) {
    this(configDir, Clock.systemUTC());
  }

  public RememberedHostsStore(Path configDir, Clock clock) {
    this.file = new JsonFile<>(configDir.resolve("hosts.json"), new TypeReference<>() { }, "no remembered hosts", clock);
  }

  public static Path defaultConfigDir() {
    return ConfigFolder.forThisMachine();
  }

  public Path file() {
    return file.path();
  }

  /** The remembered hosts in the order they were added, and what was set aside if the file could not be read. */
  public synchronized JsonFile.Read<List<HostSpec>> read() {
    JsonFile.Read<List<HostSpec>> r = file.read(List.of());
    return new JsonFile.Read<>(List.copyOf(r.value()), r.notice());
  }

  /** The remembered hosts in the order they were added; none when the file does not exist yet (or was set aside). */
  public synchronized List<HostSpec> load() {
    return read().value();
  }

  /** Adds {@code host} (replacing one of the same name) and writes the file atomically. */
  public synchronized List<HostSpec> remember(HostSpec host) {
    List<HostSpec> all = new ArrayList<>(load());
    all.removeIf(h -> h.name().equals(host.name()));
    all.add(host);
    save(all);
    return List.copyOf(all);
  }

  public synchronized void save(List<HostSpec> hosts) {
    file.write(hosts);
  }
}
