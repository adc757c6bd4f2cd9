package dev.ferry.engine.ssh;

/** What a finished remote command left: its exit code and everything it printed. */
public record ExecResult(int exitCode, String stdout, String stderr) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** Returns this result if the command succeeded, otherwise throws with its stderr. */
  public ExecResult orThrow(String host, Command command) {
    if (!ok()) {
      throw new RemoteCommandException(host, command, this);
    }
    return this;
  }
}
