package dev.ferry.app.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What to do with a file of Ferry's that cannot be read (damaged, cut short, edited by hand): rename
 * it beside itself with a {@code .corrupt-<UTC time>} suffix, so nothing is lost and the app can start
 * with defaults, and say so in one sentence that names both files. Blocks; call it through the executor.
 */
public final class SetAside {
  /** The suffix's start; what follows is the UTC time it was set aside, so several never collide. */
  public static final String SUFFIX = ".corrupt-";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private SetAside() {}

  /** Renames {@code file}; returns its new path. */
  public static Path file(Path file, Clock clock) {
    String base = file.getFileName() + SUFFIX + STAMP.format(clock.instant());
    Path target = file.resolveSibling(base);
    for (int n = 2; Files.exists(target); n++) {
      target = file.resolveSibling(base + "-" + n);
    }
    try {
      return Files.move(file, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set aside the unreadable " + file + ": " + e.getMessage(), e);
    }
  }

  /** "{@code file} could not be read (why); it was set aside as NAME and Ferry starts with {@code instead}." */
  public static String message(Path file, String why, Path setAsideAs, String instead) {
    return file + " could not be read (" + why + "); it was set aside as " + setAsideAs.getFileName() + " and Ferry starts with "
        + instead + ".";
  }

  /** The first line of a parser's complaint, which is where Jackson says what it found and where. */
  public static String why(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m).strip();
  }
}
