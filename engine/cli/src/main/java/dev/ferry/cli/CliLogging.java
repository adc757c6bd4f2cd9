package dev.ferry.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Where the CLI's log goes: every engine line at INFO and above (warnings such as a failed undo or a
 * key that could not be revoked) to a file in the user's state folder, and with {@code --verbose}
 * also the DEBUG lines, both to that file and to stderr. The engine logs through SLF4J; this module's
 * backend is java.util.logging (slf4j-jdk14), set up here and nowhere else. {@link #close} takes the
 * handlers away again, so that a test can run the CLI in its own JVM more than once.
 */
final class CliLogging implements AutoCloseable {
  /** The SLF4J provider the CLI runs with, named so that another backend on the class path (the app's) never wins. */
  static final String SLF4J_PROVIDER = "org.slf4j.jul.JULServiceProvider";
  /** Past this size the log is moved to ferry.log.1 at the next start: a month of daily use is far below it. */
  static final long ROTATE_AT_BYTES = 8L << 20;

  private final Logger root = Logger.getLogger("");
  // Held here: java.util.logging keeps loggers only weakly, and a collected one forgets its level.
  private final Logger ferry = Logger.getLogger("dev.ferry");
  // JSch's own log, bridged by the engine (its handshake steps at DEBUG).
  private final Logger jsch = Logger.getLogger("com.jcraft.jsch");
  private final Handler[] savedHandlers;
  private final Level savedRootLevel;
  private final Level savedFerryLevel;
  private final Level savedJschLevel;
  private final List<Handler> added = new ArrayList<>();

  private CliLogging(Path file, boolean verbose, PrintWriter err) {
    savedHandlers = root.getHandlers();
    savedRootLevel = root.getLevel();
    savedFerryLevel = ferry.getLevel();
    savedJschLevel = jsch.getLevel();
    for (Handler h : savedHandlers) {
      // The JDK's default console handler would print every INFO line; the CLI decides what reaches stderr.
      root.removeHandler(h);
    }
    Level level = verbose ? Level.FINE : Level.INFO;
    ferry.setLevel(level);
    jsch.setLevel(level);
    root.setLevel(Level.WARNING);
    try {
      add(fileHandler(file), level);
    } catch (IOException | RuntimeException e) {
      err.println("ferry: no log file this time (cannot write " + file + ": " + e.getMessage() + ")");
      err.flush();
    }
    if (verbose) {
      add(writerHandler(err), level);
    }
  }

  /** Starts logging to {@code file}, and to {@code err} when verbose. */
  static CliLogging start(Path file, boolean verbose, PrintWriter err) {
    return new CliLogging(file, verbose, err);
  }

  /**
   * The log file in the user's state folder: $XDG_STATE_HOME/ferry/ferry.log (~/.local/state/ferry/ferry.log)
   * on Linux and other Unix systems, ~/Library/Logs/Ferry/ferry.log on macOS, %LOCALAPPDATA%\Ferry\ferry.log on Windows.
   */
  static Path defaultLogFile(Map<String, String> env, String osName, Path home) {
    String os = osName.toLowerCase();
    if (os.startsWith("windows")) {
      String local = env.get("LOCALAPPDATA");
      Path base = local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local");
      return base.resolve("Ferry").resolve("ferry.log");
    }
    if (os.startsWith("mac")) {
      return home.resolve("Library").resolve("Logs").resolve("Ferry").resolve("ferry.log");
    }
    String state = env.get("XDG_STATE_HOME");
    Path base = state != null && !state.isBlank() ? Path.of(state) : home.resolve(".local").resolve("state");
    return base.resolve("ferry").resolve("ferry.log");
  }

  static Path defaultLogFile() {
    return defaultLogFile(System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
  }

  private void add(Handler h, Level level) {
    h.setLevel(level);
    h.setFormatter(new LineFormatter());
    root.addHandler(h);
    added.add(h);
  }

  private static Handler fileHandler(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    if (Files.isRegularFile(file) && Files.size(file) > ROTATE_AT_BYTES) {
      Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
    // Appended line by line, so that two ferry commands at once share the one file.
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new FlushingHandler(out);
  }

  private static Handler writerHandler(PrintWriter err) {
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (isLoggable(r)) {
          err.print(getFormatter().format(r));
          err.flush();
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {
        err.flush();
      }
    };
  }

  @Override
  public void close() {
    for (Handler h : added) {
      root.removeHandler(h);
      h.close();
    }
    for (Handler h : savedHandlers) {
      root.addHandler(h);
    }
    root.setLevel(savedRootLevel);
    ferry.setLevel(savedFerryLevel);
    jsch.setLevel(savedJschLevel);
  }

  /** A handler that writes each line at once: a crash must not take the last lines with it. */
  private static final class FlushingHandler extends StreamHandler {
    FlushingHandler(OutputStream out) {
      super(out, new LineFormatter());
    }

    @Override
    public synchronized void publish(LogRecord r) {
      super.publish(r);
      flush();
    }
  }

  /** {@code 2026-12-02T19:30:01.123Z WARN  pid 4242 dev.ferry.engine.migration.UndoStack: undo failed: ...}, then any stack trace. */
  static final class LineFormatter extends Formatter {
    private static final long PID = ProcessHandle.current().pid();

    @Override
    public String format(LogRecord r) {
      StringBuilder line = new StringBuilder().append(Instant.ofEpochMilli(r.getMillis())).append(' ')
          .append(String.format("%-5s", name(r.getLevel()))).append(" pid ").append(PID).append(' ')
          .append(r.getLoggerName()).append(": ").append(formatMessage(r)).append(System.lineSeparator());
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    /** SLF4J's names for java.util.logging's levels, as slf4j-jdk14 maps them. */
    private static String name(Level level) {
      int v = level.intValue();
      if (v >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (v >= Level.WARNING.intValue()) {
        return "WARN";
      }
      if (v >= Level.INFO.intValue()) {
        return "INFO";
      }
      return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
  }
}
