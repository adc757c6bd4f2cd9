package dev.ferry.engine.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A machine Ferry runs commands on. Everything the engine does to a host goes through here, so the
 * transport (SSH today) stays behind one small interface and commands are always argument lists.
 */
public interface RemoteHost extends AutoCloseable {
  /** The name the user knows the host by (an ssh_config alias or an address). */
  String name();

  /** Runs a command to completion with the default time limit. */
  ExecResult exec(Command command);

  ExecResult exec(Command command, Duration timeout);

  /** Runs a command, feeding it {@code stdin} and copying its output to {@code stdout} as it comes. */
  int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout);

  CompletableFuture<ExecResult> execAsync(Command command, Duration timeout);

  /** Starts a long-running command whose output arrives line by line; cancel the future to stop it. */
  CompletableFuture<Integer> stream(Command command, LineListener listener);

  void addListener(HostConnectionListener listener);

  void removeListener(HostConnectionListener listener);

  @Override
  void close();
}
