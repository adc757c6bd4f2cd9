package dev.ferry.engine.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import dev.ferry.engine.util.EngineThreads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private static final int COPY_BUFFER = 64 * 1024;
  private static final long CHANNEL_CLOSE_POLL_MS = 5;

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

  public SshHost(SshTarget target, SshSettings settings, HostKeyVerifier verifier, CredentialsPrompt prompt, EngineThreads threads) {
    this.target = target;
    this.settings = settings;
    this.verifier = verifier;
    this.prompt = prompt;
    this.threads = threads;
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
    CompletableFuture<Integer> result = new CompletableFuture<>();
    threads.io().execute(() -> {
      ChannelExec channel = null;
      try {
        Channel opened = openChannel(command, null);
        ChannelExec ch = opened.exec();
        channel = ch;
        result.whenComplete((r, t) -> {
          if (result.isCancelled()) {
            threads.io().execute(() -> kill(opened));
          }
        });
        Future<?> errPump = threads.io().submit(() -> pumpLines(opened.stderr(), listener::stderr));
        pumpLines(opened.stdout(), listener::stdout);
        errPump.get(5, TimeUnit.SECONDS);
        int code = awaitExit(ch, Duration.ofSeconds(5));
        listener.ended(code);
        result.complete(code);
      } catch (Exception e) {
        listener.ended(-1);
        result.completeExceptionally(e instanceof SshException ? e : new SshException(
            "streaming '" + command.label() + "' on " + name() + " stopped: " + e.getMessage(), e));
      } finally {
        if (channel != null) {
          channel.disconnect();
        }
      }
    });
    return result;
  }

  /** Runs one command on its own channel and copies its output; the core of every exec variant. */
  private int run(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout) {
    return run(command, stdin, stdout, stderr, timeout, null);
  }

  /** As above; when {@code owner} is cancelled, the remote command is killed at once. */
  private int run(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout,
      CompletableFuture<?> owner) {
    if (owner != null && owner.isDone()) {
      throw new CancellationException("cancelled before it started: " + command.label());
    }
    Channel opened = openChannel(command, stdin);
    ChannelExec channel = opened.exec();
    if (owner != null) {
      owner.whenComplete((r, t) -> {
        if (owner.isCancelled()) {
          threads.io().execute(() -> kill(opened));
        }
      });
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Future<?> outPump = threads.io().submit(() -> copy(opened.stdout(), stdout));
      Future<?> errPump = threads.io().submit(() -> copy(opened.stderr(), stderr));
      waitFor(outPump, deadline, command, timeout);
      waitFor(errPump, deadline, command, timeout);
      return awaitExit(channel, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L)));
    } catch (SshException.Timeout e) {
      kill(opened);
      throw e;
    } finally {
      channel.disconnect();
    }
  }

  private void waitFor(Future<?> pump, long deadline, Command command, Duration timeout) {
    try {
      pump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pump.cancel(true);
      throw new SshException.Timeout("'" + command.label() + "' on " + name() + " did not finish within "
          + timeout.toSeconds() + " s, so Ferry stopped it.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pump.cancel(true);
      throw new CancellationException("cancelled: " + command.label());
    } catch (ExecutionException e) {
      throw new SshException("lost the connection to " + name() + " while running '" + command.label() + "': "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  /** An exec channel with its output streams (which JSch needs taken before it connects) and its tag. */
  private record Channel(ChannelExec exec, InputStream stdout, InputStream stderr, String tag) {}

  /**
   * Every command runs with FERRY_CMD=&lt;tag&gt; in its environment, which its children inherit (container
   * processes do not: runc gives them their own). Stopping a command kills every process that carries
   * its tag, so nothing it started keeps running on the host; sshd's own signal request reaches only
   * the first process, and closing the channel reaches none.
   */
  private static final String KILL_TAGGED = """
      for f in /proc/[0-9]*/environ; do
        if tr '\\0' '\\n' < "$f" 2>/dev/null | grep -q -x -F "FERRY_CMD=$1"; then
          p=${f#/proc/}; kill -KILL "${p%/environ}" 2>/dev/null
        fi
      done
      true
      """;
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private Channel openChannel(Command command, InputStream stdin) {
    Session s = session();
    try {
      ChannelExec ch = (ChannelExec) s.openChannel("exec");
      String tag = java.util.UUID.randomUUID().toString();
      ch.setCommand("FERRY_CMD=" + tag + " " + command.toShell());
      ch.setInputStream(stdin == null ? InputStream.nullInputStream() : stdin, stdin == null);
      InputStream out = ch.getInputStream();
      InputStream err = ch.getErrStream();
      LOG.debug("{}: {}", name(), command.label());
      ch.connect((int) settings.connectTimeout().toMillis());
      return new Channel(ch, out, err, tag);
    } catch (IOException e) {
      throw new SshException("could not start '" + command.label() + "' on " + name() + ": " + e.getMessage(), e);
    } catch (JSchException e) {
      throw new SshException("could not start '" + command.label() + "' on " + name() + ": " + e.getMessage()
          + ". The SSH server may limit sessions (MaxSessions) or the connection dropped.", e);
    }
  }

  private static Void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[COPY_BUFFER];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
    out.flush();
    return null;
  }

  private static Void pumpLines(InputStream in, java.util.function.Consumer<String> sink) throws IOException {
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        sink.accept(line);
      }
    }
    return null;
  }

  private int awaitExit(ChannelExec ch, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!ch.isClosed()) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      try {
        Thread.sleep(CHANNEL_CLOSE_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return ch.getExitStatus();
  }

  /** Stops a command: its channel, and on the host every process it started. */
  private void kill(Channel c) {
    c.exec().disconnect();
    try {
      run(Command.script(KILL_TAGGED, c.tag()), null, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), KILL_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not stop the processes of a cancelled command: {}", name(), e.getMessage());
    }
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
        fresh = open();
      } catch (SshException.AuthenticationFailed | SshException.HostKeyRejected e) {
        loginRefused = e;
        throw e;
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

  private Session open() {
    List<Session> jumps = new ArrayList<>();
    try {
      Session previous = null;
      for (SshTarget hop : target.jumpHosts()) {
        Session j = newSession(hop, previous);
        jumps.add(j);
        previous = j;
      }
      Session s = newSession(target, previous);
      jumpSessions = List.copyOf(jumps);
      return s;
    } catch (RuntimeException e) {
      jumps.forEach(Session::disconnect);
      throw e;
    }
  }

  private Session newSession(SshTarget t, Session via) {
    JSch jsch = new JSch();
    JSchBridge.VerifyingRepository hostKeys = new JSchBridge.VerifyingRepository(t, verifier);
    JSchBridge.Prompts prompts = new JSchBridge.Prompts(t, prompt);
    jsch.setHostKeyRepository(hostKeys);
    try {
      Session s = jsch.getSession(t.user(), t.hostName(), t.port());
      s.setIdentityRepository(identities(t));
      s.setUserInfo(prompts);
      s.setConfig("StrictHostKeyChecking", "yes");
      s.setConfig("PreferredAuthentications", "publickey,keyboard-interactive,password");
      s.setServerAliveInterval((int) settings.keepaliveInterval().toMillis());
      s.setServerAliveCountMax(settings.keepaliveCountMax());
      if (via != null) {
        s.setProxy(new JumpProxy(via));
      }
      s.connect((int) settings.connectTimeout().toMillis());
      return s;
    } catch (JSchException e) {
      throw explain(t, e, hostKeys, prompts);
    }
  }

  private IdentityRepository identities(SshTarget t) throws JSchException {
    List<IdentityRepository> parts = new ArrayList<>();
    if (t.agentUse() != SshTarget.AgentUse.NONE) {
      AgentIdentities.connect(t).ifPresent(parts::add);
    }
    JSch keys = new JSch();
    for (Path f : t.identityFiles()) {
      if (Files.isReadable(f)) {
        keys.addIdentity(f.toString());
      }
    }
    parts.add(keys.getIdentityRepository());
    return new JSchBridge.CombinedIdentities(parts);
  }

  /** Turns JSch's terse failures into what happened and what to do. */
  private SshException explain(SshTarget t, JSchException e, JSchBridge.VerifyingRepository hostKeys, JSchBridge.Prompts prompts) {
    String where = t.alias() + " (" + t.hostName() + ":" + t.port() + ")";
    SshException.HostKeyRejected rejected = hostKeys.rejection.get();
    if (rejected != null) {
      return rejected;
    }
    Throwable cause = e.getCause();
    String msg = String.valueOf(e.getMessage());
    if (cause instanceof UnknownHostException) {
      return new SshException.Unreachable("The host name '" + t.hostName() + "' of " + t.alias()
          + " cannot be resolved. Check the spelling, or the HostName in your ssh config.", e);
    }
    if (cause instanceof ConnectException || msg.contains("Connection refused")) {
      return new SshException.Unreachable("Cannot connect to " + where + ": the connection was refused."
          + " Is the SSH server running there, and is the port right?", e);
    }
    if (cause instanceof NoRouteToHostException) {
      return new SshException.Unreachable("There is no network route to " + where + ". Check the address and the network.", e);
    }
    if (cause instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("timed out")) {
      return new SshException.Timeout("No answer from " + where + " within " + settings.connectTimeout().toSeconds()
          + " s. The host may be down, or a firewall may drop the connection.");
    }
    if (msg.contains("Auth fail") || msg.contains("Auth cancel") || msg.contains("USERAUTH fail")
        || msg.contains("Too many authentication failures")) {
      return new SshException.AuthenticationFailed("Login to " + where + " as " + t.user() + " failed. "
          + whyLoginFailed(t, prompts), e);
    }
    if (msg.contains("closed by foreign host") || msg.contains("End of IO Stream") || msg.contains("Connection reset")) {
      return new SshException.Unreachable(where + " closed the connection before SSH could start."
          + " The SSH server may be down, restarting or overloaded.", e);
    }
    return new SshException("Cannot open an SSH session to " + where + ": " + msg, e);
  }

  /** Every secret that was wrong or missing, else the keys: what the person can act on. */
  private static String whyLoginFailed(SshTarget t, JSchBridge.Prompts prompts) {
    List<String> reasons = new ArrayList<>();
    if (prompts.wrongPassphraseKey != null) {
      reasons.add("The passphrase for the key " + prompts.wrongPassphraseKey + " was wrong.");
    }
    if (prompts.passphraseMissingKey != null) {
      reasons.add("The key " + prompts.passphraseMissingKey + " is encrypted and no passphrase was given.");
    }
    if (prompts.passwordGiven) {
      reasons.add("The password for " + t.user() + "@" + t.alias() + " was refused.");
    }
    if (reasons.isEmpty()) {
      reasons.add("The server accepted none of the keys offered (" + t.identityFiles() + " and the ssh-agent)."
          + " Check the user name and that your public key is in the host's authorized_keys.");
    }
    return String.join(" ", reasons);
  }

  private void startHealthCheck() {
    if (healthCheck != null) {
      return;
    }
    long every = settings.healthCheckInterval().toMillis();
    healthCheck = threads.scheduler().scheduleWithFixedDelay(this::checkHealth, every, every, TimeUnit.MILLISECONDS);
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
    threads.scheduler().schedule(() -> threads.io().execute(() -> {
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
    }), delay.toMillis(), TimeUnit.MILLISECONDS);
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
