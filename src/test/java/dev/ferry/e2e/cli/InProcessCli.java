package dev.ferry.e2e.cli;

import dev.ferry.engine.cli.FerryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code ./ferry}'s engine commands inside the test JVM, capturing what they print. */
public final class InProcessCli {
  private InProcessCli() {}

  /** What one command left: its exit code and its standard output. */
  public record Run(int exitCode, String out) {}

  public static synchronized Run ferry(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FerryCli cli = new FerryCli(); PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      int code = new CommandLine(cli).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }
}
