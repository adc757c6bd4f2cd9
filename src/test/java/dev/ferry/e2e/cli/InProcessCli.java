package dev.ferry.e2e.cli;

import dev.ferry.cli.FerryCli;
import dev.ferry.engine.hosts.HostDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code ./ferry}'s engine commands inside the test JVM through picocli's writers, or as a
 * process of their own as {@code ./ferry} starts them. Either way the log goes to a folder of the
 * test run's, never to the user's own log.
 */
public final class InProcessCli {
  private static final Path STATE = stateFolder();

  private InProcessCli() {}

  /** What one command left: its exit code, its standard output and its standard error. */
  public record Run(int exitCode, String out, String err) {}

  public static Run ferry(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (FerryCli cli = new FerryCli(logFile())) {
      CommandLine cl = cli.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(), err.toString());
    }
  }

  /** The log file the in-process runs and the {@link #process} runs write (XDG_STATE_HOME/ferry/ferry.log). */
  public static Path logFile() {
    return STATE.resolve("ferry").resolve("ferry.log");
  }

  /** {@code ferry ARGS} as a JVM of its own, on this test's class path, as the installed command runs. */
  public static ProcessBuilder process(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FerryCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("XDG_STATE_HOME", STATE.toString());
    pb.environment().put(HostDirectory.LAB_CONFIGS_ENV, System.getProperty(HostDirectory.LAB_CONFIGS_PROPERTY, ""));
    return pb;
  }

  private static Path stateFolder() {
    try {
      return Files.createTempDirectory("ferry-cli-state");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
