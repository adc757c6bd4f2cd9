package dev.ferry.engine.metrics;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.HostConnectionListener;
import dev.ferry.engine.ssh.LineListener;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.ssh.SshException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host that runs nothing: each stream it is asked for is handed to the test, which feeds lines,
 * ends it, or refuses new streams as a host whose sshd is down would.
 */
final class FakeRemoteHost implements RemoteHost {
  /** One stream the code under test started. */
  record Stream(Command command, LineListener listener, CompletableFuture<Integer> future) {
    void emit(List<String> lines) {
      lines.forEach(listener::stdout);
    }

    /** The connection drops: SshHost reports exit code -1. */
    void drop() {
      listener.ended(-1);
      future.complete(-1);
    }
  }

  private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
  private final List<HostConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean refusing;
  private volatile boolean throwing;

  @Override
  public String name() {
    return "fake-a";
  }

  @Override
  public CompletableFuture<Integer> stream(Command command, LineListener listener) {
    attempts.incrementAndGet();
    if (throwing) {
      throw new SshException("the connection to fake-a was closed");
    }
    if (refusing) {
      return CompletableFuture.failedFuture(new SshException.Unreachable("Cannot connect to fake-a: the connection was refused.", null));
    }
    Stream s = new Stream(command, listener, new CompletableFuture<>());
    streams.add(s);
    return s.future();
  }

  /** The next stream started, waiting up to {@code limit}; fails the test if none comes. */
  Stream nextStream(Duration limit) throws InterruptedException {
    Stream s = streams.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) {
      throw new AssertionError("no stream was started within " + limit);
    }
    return s;
  }

  boolean noStreamWithin(Duration wait) throws InterruptedException {
    return streams.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  int attempts() {
    return attempts.get();
  }

  void refuse(boolean on) {
    refusing = on;
  }

  void throwOnStream(boolean on) {
    throwing = on;
  }

  void fireReconnected() {
    listeners.forEach(l -> l.reconnected(name()));
  }

  int connectionListeners() {
    return listeners.size();
  }

  @Override
  public void addListener(HostConnectionListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(HostConnectionListener listener) {
    listeners.remove(listener);
  }

  @Override
  public ExecResult exec(Command command) {
    throw new UnsupportedOperationException("metrics only stream");
  }

  @Override
  public ExecResult exec(Command command, Duration timeout) {
    throw new UnsupportedOperationException("metrics only stream");
  }

  @Override
  public int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout) {
    throw new UnsupportedOperationException("metrics only stream");
  }

  @Override
  public CompletableFuture<ExecResult> execAsync(Command command, Duration timeout) {
    throw new UnsupportedOperationException("metrics only stream");
  }

  @Override
  public void close() {}
}
