package dev.ferry.engine.probe;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.LineListener;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A host that answers every command with one recorded result, and remembers what it was asked. */
final class RecordedHost implements RemoteHost {
  private final String name;
  private final ExecResult answer;
  final List<Command> commands = new ArrayList<>();
  final List<Duration> timeouts = new ArrayList<>();

  RecordedHost(String name, ExecResult answer) {
    this.name = name;
    this.answer = answer;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ExecResult exec(Command command) {
    return exec(command, Duration.ofSeconds(120));
  }

  @Override
  public synchronized ExecResult exec(Command command, Duration timeout) {
    commands.add(command);
    timeouts.add(timeout);
    return answer;
  }

  @Override
  public int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout) {
    throw new UnsupportedOperationException("the probe only runs plain commands");
  }

  @Override
  public CompletableFuture<ExecResult> execAsync(Command command, Duration timeout) {
    return CompletableFuture.supplyAsync(() -> exec(command, timeout));
  }

  @Override
  public CompletableFuture<Integer> stream(Command command, LineListener listener) {
    throw new UnsupportedOperationException("the probe only runs plain commands");
  }

  @Override
  public void addListener(HostConnectionListener listener) {}

  @Override
  public void removeListener(HostConnectionListener listener) {}

  @Override
  public void close() {}
}
