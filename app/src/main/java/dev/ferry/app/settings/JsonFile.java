package dev.ferry.app.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

/**
 * One JSON file of the app's (settings, remembered hosts): read with a default when it is missing,
 * set aside ({@link SetAside}) with a notice when it cannot be read, and written atomically (beside its
 * name, then renamed). Blocks; call it through the executor.
 */
public final class JsonFile<T> {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final TypeReference<T> type;
  private final String whatDefaultsAre;
  private final Clock clock;

  /** {@code whatDefaultsAre} finishes "Ferry starts with …" ("no remembered hosts"). */
  public JsonFile(Path file, TypeReference<T> type, String whatDefaultsAre, Clock clock) {
    this.file = file;
    this.type = type;
    this.whatDefaultsAre = whatDefaultsAre;
    this.clock = clock;
  }

  public Path path() {
    return file;
  }

  /** The value read, or the default; {@code notice} says what was set aside, when something was. */
  public record Read<T>(T value, Optional<String> notice) {}

  public Read<T> read(T defaults) {
    if (!Files.isRegularFile(file)) {
      return new Read<>(defaults, Optional.empty());
    }
    try {
      T value = JSON.readValue(file.toFile(), type);
      if (value == null) {
        throw new IOException("the file is empty");
      }
      return new Read<>(value, Optional.empty());
    } catch (IOException e) {
      Path aside = SetAside.file(file, clock);
      return new Read<>(defaults, Optional.of(SetAside.message(file, SetAside.why(e), aside, whatDefaultsAre)));
    }
  }

  public void write(T value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
    }
  }
}
