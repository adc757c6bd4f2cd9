package dev.ferry.engine.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A host for unit tests that answers each plain command with what the test's function returns (or
 * throws, as a host out of reach does), and remembers what it was asked and with which timeout.
 */
public class ScriptedHost implements RemoteHost {
  private final String name;
  private final Function<Command, ExecResult> answer;
  public final List<Command> commands = new ArrayList<>();
  public final List<Duration> timeouts = new ArrayList<>();

  public ScriptedHost(String name, Function<Command, ExecResult> answer) {
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
    return answer.apply(command);
  }

  @Override
  public int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout) {
    throw new UnsupportedOperationException("a scripted host runs plain commands only");
  }

  @Override
  public CompletableFuture<ExecResult> execAsync(Command command, Duration timeout) {
    return CompletableFuture.supplyAsync(() -> exec(command, timeout));
  }

  @Override
  public CompletableFuture<Integer> stream(Command command, LineListener listener) {
    throw new UnsupportedOperationException("a scripted host runs plain commands only");
  }

  @Override
  public void addListener(HostConnectionListener listener) {}

  @Override
  public void removeListener(HostConnectionListener listener) {}

  @Override
  public void close() {}
}
