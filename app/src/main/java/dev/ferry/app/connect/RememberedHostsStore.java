package dev.ferry.app.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosts the user connected to, kept between runs in {@code hosts.json} of Ferry's config folder
 * ($XDG_CONFIG_HOME/ferry, else ~/.config/ferry). Names, addresses, users, ports and key file paths
 * only: never a passphrase or password. Reads and writes block; call them through the executor.
 */
public final class RememberedHostsStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public RememberedHostsStore(Path configDir) {
    this.file = configDir.resolve("hosts.json");
  }

  public static Path defaultConfigDir() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("ferry");
  }

  public Path file() {
    return file;
  }

  /** The remembered hosts in the order they were added; none when the file does not exist yet. */
  public synchronized List<HostSpec> load() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<HostSpec>>() { }));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the remembered hosts in " + file + ": " + e.getMessage()
          + ". Fix or delete the file; Ferry will start with no hosts.", e);
    }
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
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), hosts);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the remembered hosts in " + file + ": " + e.getMessage(), e);
    }
  }
}
