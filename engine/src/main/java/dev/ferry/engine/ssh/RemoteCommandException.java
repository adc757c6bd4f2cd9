package dev.ferry.engine.ssh;

/** A remote command ran but failed; the message carries its exit code and the tail of its stderr. */
public class RemoteCommandException extends SshException {
  private static final long serialVersionUID = 1L;
  private final transient ExecResult result;

  public RemoteCommandException(String host, Command command, ExecResult result) {
    super("'" + command.label() + "' failed on " + host + " (exit " + result.exitCode() + ")"
        + tail(result.stderr().isBlank() ? result.stdout() : result.stderr()));
    this.result = result;
  }

  public ExecResult result() {
    return result;
  }

  private static String tail(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return "";
    }
    return ": " + (t.length() > 600 ? "..." + t.substring(t.length() - 600) : t);
  }
}
