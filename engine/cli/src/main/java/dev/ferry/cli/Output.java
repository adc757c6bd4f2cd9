package dev.ferry.cli;

import dev.ferry.engine.util.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --json} option and where a command writes: picocli's own writers, so that a caller (a
 * test, a script embedding the CLI) gets the output without touching {@code System.out}. Mixed into
 * every command that prints a result.
 */
final class Output {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--json", description = "print the result as JSON instead of text")
  private boolean json;

  boolean json() {
    return json;
  }

  PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  PrintWriter err() {
    return mixee.commandLine().getErr();
  }

  void printf(String format, Object... args) {
    out().printf(format, args);
  }

  void println(String line) {
    out().println(line);
  }

  /** One value as JSON, pretty-printed as the engine's mapper writes it. */
  void printJson(Object value) {
    out().println(Json.write(value));
  }

  /** One value as JSON on one line: for streams of samples, one object per line. */
  void printJsonLine(Object value) {
    out().println(Json.write(value).replace('\n', ' '));
  }
}
