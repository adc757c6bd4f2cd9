package dev.ferry.engine.migration;

import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Migration reports saved as JSON files on the client, one per migration: the history that freeze
 * time charts are drawn from. Lives in $XDG_DATA_HOME/ferry/reports (~/.local/share/ferry/reports).
 */
public final class ReportStore {
  private final Path dir;

  public ReportStore(Path dir) {
    this.dir = dir;
  }

  public static ReportStore defaultStore() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return new ReportStore(base.resolve("ferry").resolve("reports"));
  }

  /** Where the reports are kept, for people to find them. */
  public Path directory() {
    return dir;
  }

  public Path save(MigrationReport r) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(r.startedAt().toString().replace(':', '-') + "-" + r.id() + ".json");
      Json.MAPPER.writeValue(file.toFile(), r);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the migration report in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every saved report, oldest first. */
  public List<MigrationReport> all() {
    List<MigrationReport> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(Json.MAPPER.readValue(f.toFile(), MigrationReport.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration reports in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }
}
