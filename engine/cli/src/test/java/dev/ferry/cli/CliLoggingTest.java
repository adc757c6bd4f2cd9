package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.migration.UndoStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the CLI's log lines go: the engine's own loggers, through SLF4J, into the log file and (verbose) stderr. */
class CliLoggingTest {
  @TempDir
  Path dir;

  /** The engine's undo chain with one undo that fails, as a migration's roll-back meets it. */
  private static void unwindWithAFailedUndo() {
    UndoStack undo = new UndoStack();
    undo.push("remove the copy on ferry-b", () -> {
      throw new IllegalStateException("ferry-b: connection lost");
    });
    undo.push("resume counter on ferry-a", () -> { });
    assertThat(undo.unwind()).hasSize(1);
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file);
  }

  @Test
  void aFailedUndoIsInTheLogFileAndNotOnStderrWithoutVerbose() throws Exception {
    Path log = dir.resolve("state/ferry/ferry.log");
    StringWriter err = new StringWriter();
    try (CliLogging ignored = CliLogging.start(log, false, new PrintWriter(err, true))) {
      unwindWithAFailedUndo();
    }

    assertThat(read(log)).contains("WARN").contains("dev.ferry.engine.migration.UndoStack: undo failed: remove the copy on ferry-b: ferry-b: connection lost")
        .contains("INFO").contains("undo: resume counter on ferry-a");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void verboseShowsTheEngineLinesOnStderrAndStillWritesTheFile() throws Exception {
    Path log = dir.resolve("ferry.log");
    StringWriter err = new StringWriter();
    try (CliLogging ignored = CliLogging.start(log, true, new PrintWriter(err, true))) {
      unwindWithAFailedUndo();
    }

    assertThat(err.toString()).contains("undo failed: remove the copy on ferry-b").contains("undo: resume counter on ferry-a");
    assertThat(read(log)).contains("undo failed: remove the copy on ferry-b");
  }

  @Test
  void afterCloseNothingMoreIsWritten() throws Exception {
    Path log = dir.resolve("ferry.log");
    StringWriter err = new StringWriter();
    CliLogging.start(log, true, new PrintWriter(err, true)).close();
    unwindWithAFailedUndo();

    assertThat(read(log)).isEmpty();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aBigLogIsMovedAsideAtTheNextStart() throws Exception {
    Path log = dir.resolve("ferry.log");
    Files.write(log, new byte[(int) CliLogging.ROTATE_AT_BYTES + 1]);
    try (CliLogging ignored = CliLogging.start(log, false, new PrintWriter(new StringWriter()))) {
      unwindWithAFailedUndo();
    }

    assertThat(Files.size(dir.resolve("ferry.log.1"))).isEqualTo(CliLogging.ROTATE_AT_BYTES + 1);
    assertThat(read(log)).startsWith(read(log).substring(0, 24)).contains("undo failed");
  }

  @Test
  void aLogFileThatCannotBeWrittenIsSaidOnceAndTheCommandGoesOn() throws Exception {
    Files.writeString(dir.resolve("not-a-folder"), "");
    StringWriter err = new StringWriter();
    try (CliLogging ignored = CliLogging.start(dir.resolve("not-a-folder/ferry.log"), false, new PrintWriter(err, true))) {
      unwindWithAFailedUndo();
    }

    assertThat(err.toString()).startsWith("ferry: no log file this time (cannot write " + dir.resolve("not-a-folder/ferry.log"));
  }

  @Test
  void theLogFileIsInTheUsersStateFolderOnEachSystem() {
    Path home = Path.of("/home/ana");
    assertThat(CliLogging.defaultLogFile(Map.of(), "Linux", home)).isEqualTo(Path.of("/home/ana/.local/state/ferry/ferry.log"));
    assertThat(CliLogging.defaultLogFile(Map.of("XDG_STATE_HOME", "/var/ana"), "Linux", home)).isEqualTo(Path.of("/var/ana/ferry/ferry.log"));
    assertThat(CliLogging.defaultLogFile(Map.of(), "Mac OS X", home)).isEqualTo(Path.of("/home/ana/Library/Logs/Ferry/ferry.log"));
    assertThat(CliLogging.defaultLogFile(Map.of("LOCALAPPDATA", "/c/ana/AppData/Local"), "Windows 11", home))
        .isEqualTo(Path.of("/c/ana/AppData/Local/Ferry/ferry.log"));
  }

  @Test
  void anErrorIsOneLineNamingTheLogWithoutVerboseAndItsStackTraceWithIt() throws Exception {
    Path log = dir.resolve("ferry.log");
    StringWriter quiet = new StringWriter();
    CommandLine cl = new FerryCli(log).commandLine();
    cl.setErr(new PrintWriter(quiet, true));
    int code = cl.execute("checkpoint", "../escape", "--host", "nowhere", "--name", "n");

    assertThat(code).isEqualTo(1);
    assertThat(quiet.toString().strip()).startsWith("ferry: ").contains("(details in " + log).doesNotContain("\tat ");
    assertThat(read(log)).contains("ferry checkpoint ../escape --host nowhere --name n failed").contains("\tat dev.ferry.engine.");

    StringWriter loud = new StringWriter();
    CommandLine verbose = new FerryCli(log).commandLine();
    verbose.setErr(new PrintWriter(loud, true));
    verbose.execute("checkpoint", "../escape", "--host", "nowhere", "--name", "n", "--verbose");

    assertThat(loud.toString()).contains("ERROR").contains("\tat dev.ferry.engine.").doesNotContain("details in");
  }
}
