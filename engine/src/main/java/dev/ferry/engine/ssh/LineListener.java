package dev.ferry.engine.ssh;

/** Receives a streaming command's output line by line, on an engine thread. Keep it quick. */
public interface LineListener {
  void stdout(String line);

  default void stderr(String line) {}

  /** The command ended, with its exit code, or -1 if the connection dropped first. */
  default void ended(int exitCode) {}
}
