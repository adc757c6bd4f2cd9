package dev.ferry.engine.ssh;

/**
 * The one place where text becomes part of a remote shell command line. Every argument is wrapped in
 * single quotes (inside which a POSIX shell interprets nothing), and a single quote inside the
 * argument is written as {@code '\''}. Names, paths and user input therefore reach the remote side as
 * inert words, never as shell syntax.
 */
public final class ShellQuote {
  private ShellQuote() {}

  /** Quotes one argument for a POSIX shell. The empty string becomes {@code ''}. */
  public static String quote(String argument) {
    if (argument.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a remote argument cannot contain a NUL character");
    }
    if (!argument.isEmpty() && argument.chars().allMatch(ShellQuote::isPlain)) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  // Characters that no POSIX shell treats specially anywhere in a word.
  private static boolean isPlain(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '/' || c == ',' || c == ':' || c == '@' || c == '%' || c == '+' || c == '=';
  }
}
