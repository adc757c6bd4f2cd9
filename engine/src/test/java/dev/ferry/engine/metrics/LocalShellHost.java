package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.LineListener;
import dev.ferry.engine.ssh.RemoteHost;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** This machine as a "remote" host: streams run as local processes with the same argv SSH would send. */
final class LocalShellHost implements RemoteHost {
  private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "local-shell-pump");
    t.setDaemon(true);
    return t;
  });
  final List<Process> processes = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "localhost";
  }

  @Override
  public CompletableFuture<Integer> stream(Command command, LineListener listener) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    Process p;
    try {
      p = new ProcessBuilder(command.argv()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    processes.add(p);
    result.whenComplete((code, error) -> {
      if (result.isCancelled()) {
        ScriptRunner.stop(p);
      }
    });
    pumps.execute(() -> {
      try (BufferedReader out = p.inputReader()) {
        out.lines().forEach(listener::stdout);
        result.complete(p.waitFor());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  @Override
  public void addListener(HostConnectionListener listener) {}

  @Override
  public void removeListener(HostConnectionListener listener) {}

  @Override
  public ExecResult exec(Command command) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExecResult exec(Command command, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<ExecResult> execAsync(Command command, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {
    processes.forEach(ScriptRunner::stop);
    pumps.shutdownNow();
  }
}
