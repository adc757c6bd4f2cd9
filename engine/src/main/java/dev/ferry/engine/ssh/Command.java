package dev.ferry.engine.ssh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A remote command as an argument list. Commands are never built by concatenating strings: either
 * an argv ({@link #of}) or a fixed script whose variable parts are passed as positional arguments
 * ({@link #script}), so the script text itself never contains user data. {@link #toShell()} renders
 * it through {@link ShellQuote}, the single place where quoting happens.
 */
public final class Command {
  private final List<String> argv;

  private Command(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    argv.forEach(a -> Objects.requireNonNull(a, "command argument"));
    this.argv = List.copyOf(argv);
  }

  public static Command of(String program, String... args) {
    List<String> all = new ArrayList<>();
    all.add(program);
    all.addAll(Arrays.asList(args));
    return new Command(all);
  }

  public static Command of(List<String> argv) {
    return new Command(argv);
  }

  /**
   * A fixed shell script run by {@code sh -c}, with {@code args} available to it as $1, $2, ...
   * The script must be a constant written in Ferry's source; everything variable goes in args.
   */
  public static Command script(String script, String... args) {
    List<String> all = new ArrayList<>(List.of("sh", "-c", script, "ferry"));
    all.addAll(Arrays.asList(args));
    return new Command(all);
  }

  /** The same command with more arguments appended. */
  public Command with(String... more) {
    List<String> all = new ArrayList<>(argv);
    all.addAll(Arrays.asList(more));
    return new Command(all);
  }

  public List<String> argv() {
    return argv;
  }

  /** The command line for a remote shell, every argument quoted. */
  public String toShell() {
    return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }

  /** A short label for logs and error messages: the program and its first argument. */
  public String label() {
    if (argv.size() > 2 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
      String firstLine = argv.get(2).strip().lines().findFirst().orElse("");
      return "sh -c '" + (firstLine.length() > 40 ? firstLine.substring(0, 40) + "..." : firstLine) + "'";
    }
    return argv.size() > 1 ? argv.get(0) + " " + argv.get(1) : argv.get(0);
  }

  @Override
  public String toString() {
    return toShell();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Command c && c.argv.equals(argv);
  }

  @Override
  public int hashCode() {
    return argv.hashCode();
  }
}
