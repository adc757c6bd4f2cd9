package dev.ferry.engine.migration;

import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration reports saved as JSON files on the client, one per migration: the history that freeze
 * time charts are drawn from. Lives in $XDG_DATA_HOME/ferry/reports (~/.local/share/ferry/reports).
 */
public final class ReportStore {
  private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);
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

  /** What {@link #load()} found: the reports it could read, oldest first, and the files it could not. */
  public record Contents(List<MigrationReport> reports, List<Unreadable> unreadable) {
    public Contents {
      reports = List.copyOf(reports);
      unreadable = List.copyOf(unreadable);
    }
  }

  /** A report file that is not a report (damaged, cut short, edited by hand): left where it is, named here. */
  public record Unreadable(Path file, String reason) {}

  /** Saves a report: written beside its final name, then renamed, so a crash never leaves half a file. */
  public Path save(MigrationReport r) {
    try {
      Files.createDirectories(dir);
      String name = r.startedAt().toString().replace(':', '-') + "-" + r.id() + ".json";
      Path file = dir.resolve(name);
      Path part = dir.resolve("." + name + ".part");
      Json.MAPPER.writeValue(part.toFile(), r);
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the migration report in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every saved report that can be read, oldest first. */
  public List<MigrationReport> all() {
    return load().reports();
  }

  /**
   * Every saved report, oldest first, and the files that could not be read: one damaged file costs
   * only itself, never the rest of the history.
   */
  public Contents load() {
    List<MigrationReport> out = new ArrayList<>();
    List<Unreadable> bad = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new Contents(out, bad);
    }
    List<Path> names;
    try (Stream<Path> files = Files.list(dir)) {
      names = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list migration reports in " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : names) {
      try {
        out.add(Json.MAPPER.readValue(f.toFile(), MigrationReport.class));
      } catch (IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        LOG.warn("skipping the migration report {}: it cannot be read ({})", f, why);
        bad.add(new Unreadable(f, why));
      }
    }
    return new Contents(out, bad);
  }
}
