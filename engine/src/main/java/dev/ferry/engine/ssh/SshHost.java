package dev.ferry.engine.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import dev.ferry.engine.util.EngineThreads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host reached over SSH: a single JSch session, on which every command opens its own channel,
 * so any number of concurrent commands share one TCP connection (virt-manager's users complain of
 * 4-8 connections per host; vzmigrate's --ssh-mux cut freeze time by 25%). A dropped session is
 * noticed by keepalives and a periodic look, listeners are told, and it is reconnected with
 * exponential backoff. Credentials never appear in toString or logs.
 */
public final class SshHost implements RemoteHost {
  private static final Logger LOG = LoggerFactory.getLogger(SshHost.class);

  static {
    JSch.setLogger(new JSchLog());
  }

  private final SshTarget target;
  private final SshSettings settings;
  private final HostKeyVerifier verifier;
  private final CredentialsPrompt prompt;
  private final EngineThreads threads;
  private final List<HostConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final Object connectLock = new Object();
  private final AtomicInteger reconnectAttempt = new AtomicInteger();
  private volatile Session session;
  private volatile List<Session> jumpSessions = List.of();
  private volatile boolean everConnected;
  private volatile boolean closed;
  private volatile boolean reconnecting;
  private volatile ScheduledFuture<?> healthCheck;
  private volatile SshException loginRefused;
  private final SessionOpener opener;
  private final ChannelRunner channels;

  public SshHost(SshTarget target, SshSettings settings, HostKeyVerifier verifier, CredentialsPrompt prompt, EngineThreads threads) {
    this.target = target;
    this.settings = settings;
    this.verifier = verifier;
    this.prompt = prompt;
    this.threads = threads;
    this.opener = new SessionOpener(target, settings, verifier, prompt);
    this.channels = new ChannelRunner(this::name, this::session, settings, threads);
  }

  @Override
  public String name() {
    return target.alias();
  }

  public SshTarget target() {
    return target;
  }

  public boolean isConnected() {
    Session s = session;
    return s != null && s.isConnected();
  }

  /** The key this host presented and the verifier accepted, for handing on to another host. */
  public HostKeyInfo hostKey() {
    com.jcraft.jsch.HostKey k = session().getHostKey();
    return HostKeyInfo.of(target.knownHostsName(), java.util.Base64.getDecoder().decode(k.getKey()));
  }

  /**
   * Opens the session now (commands also connect on first use). Throws a plain-language SshException.
   * After a refused login or host key, only this call tries again: nothing retries on its own, so a
   * wrong credential never hammers a server (and its fail2ban).
   */
  public void connect() {
    loginRefused = null;
    session();
  }

  public CompletableFuture<Void> connectAsync() {
    return CompletableFuture.runAsync(this::connect, threads.io());
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
    return exec(command, settings.commandTimeout());
  }

  @Override
  public ExecResult exec(Command command, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(command, null, out, err, timeout);
    return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public int exec(Command command, InputStream stdin, OutputStream stdout, Duration timeout) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(command, stdin, stdout, err, timeout);
    if (code != 0) {
      throw new RemoteCommandException(name(), command, new ExecResult(code, "", err.toString(StandardCharsets.UTF_8)));
    }
    return code;
  }

  /** Runs a command in the background; cancelling the future kills the remote command. */
  @Override
  public CompletableFuture<ExecResult> execAsync(Command command, Duration timeout) {
    CompletableFuture<ExecResult> result = new CompletableFuture<>();
    threads.io().execute(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try {
        int code = run(command, null, out, err, timeout, result);
        result.complete(new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** Writes {@code data} to a remote file (created or replaced) through {@code cat}. */
  public void upload(byte[] data, String remotePath) {
    exec(Command.script("cat > \"$1\"", remotePath), new ByteArrayInputStream(data), OutputStream.nullOutputStream(), settings.commandTimeout());
  }

  @Override
  public CompletableFuture<Integer> stream(Command command, LineListener listener) {
    return channels.stream(command, listener);
  }

  private int run(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout) {
    return channels.run(command, stdin, stdout, stderr, timeout, null);
  }

  private int run(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout, CompletableFuture<?> owner) {
    return channels.run(command, stdin, stdout, stderr, timeout, owner);
  }

  /** The live session, connecting first if there is none. */
  private Session session() {
    Session s = session;
    if (s != null && s.isConnected()) {
      return s;
    }
    synchronized (connectLock) {
      if (closed) {
        throw new SshException("the connection to " + name() + " was closed");
      }
      s = session;
      if (s != null && s.isConnected()) {
        return s;
      }
      if (loginRefused != null) {
        throw loginRefused;
      }
      Session fresh;
      try {
        SessionOpener.Opened opened = opener.open();
        fresh = opened.session();
        jumpSessions = opened.jumps();
      } catch (SshException.AuthenticationFailed | SshException.HostKeyRejected e) {
        loginRefused = e;
        throw e;
      }
      if (closed) {
        // Closed while the handshake ran (the app shutting down): this session is nobody's.
        fresh.disconnect();
        jumpSessions.forEach(Session::disconnect);
        throw new SshException("the connection to " + name() + " was closed");
      }
      session = fresh;
      boolean again = everConnected;
      everConnected = true;
      startHealthCheck();
      for (HostConnectionListener l : listeners) {
        if (again) {
          l.reconnected(name());
        } else {
          l.connected(name());
        }
      }
      return fresh;
    }
  }

  private void startHealthCheck() {
    if (healthCheck != null) {
      return;
    }
    long every = settings.healthCheckInterval().toMillis();
    try {
      healthCheck = threads.scheduler().scheduleWithFixedDelay(this::checkHealth, every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: no health check: the engine's timers are stopped", name());
    }
  }

  private void checkHealth() {
    Session s = session;
    if (closed || reconnecting || loginRefused != null || s == null || s.isConnected()) {
      return;
    }
    reconnecting = true;
    LOG.info("{}: the SSH session dropped; reconnecting", name());
    for (HostConnectionListener l : listeners) {
      l.disconnected(name(), "the SSH session dropped");
    }
    jumpSessions.forEach(Session::disconnect);
    reconnectAttempt.set(0);
    scheduleReconnect(settings.reconnectInitialDelay());
  }

  private void scheduleReconnect(Duration delay) {
    int attempt = reconnectAttempt.incrementAndGet();
    for (HostConnectionListener l : listeners) {
      l.reconnecting(name(), attempt, delay);
    }
    Runnable attemptNow = () -> threads.io().execute(() -> {
      if (closed) {
        return;
      }
      try {
        session();
        reconnecting = false;
        LOG.info("{}: reconnected after {} attempt(s)", name(), attempt);
      } catch (SshException.AuthenticationFailed | SshException.HostKeyRejected e) {
        reconnecting = false;
        LOG.warn("{}: not reconnecting: {}", name(), e.getMessage());
        for (HostConnectionListener l : listeners) {
          l.disconnected(name(), "not reconnecting: " + e.getMessage());
        }
      } catch (SshException e) {
        LOG.debug("{}: reconnect attempt {} failed: {}", name(), attempt, e.getMessage());
        Duration next = delay.multipliedBy(2);
        scheduleReconnect(next.compareTo(settings.reconnectMaxDelay()) > 0 ? settings.reconnectMaxDelay() : next);
      }
    });
    try {
      threads.scheduler().schedule(attemptNow, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The engine is shutting down: nobody is left to reconnect for.
      reconnecting = false;
      LOG.debug("{}: not reconnecting: the engine's timers are stopped", name());
    }
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> h = healthCheck;
    if (h != null) {
      h.cancel(false);
    }
    Session s = session;
    if (s != null) {
      s.disconnect();
    }
    jumpSessions.forEach(Session::disconnect);
  }

  @Override
  public String toString() {
    return "SshHost[" + target + "]";
  }
}
