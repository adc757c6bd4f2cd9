package dev.ferry.engine.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.ferry.engine.util.EngineThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on channels of one host's session: output copied as it comes, time limits enforced,
 * and a stopped command stopped on the host too (every process it started, found by its tag).
 */
final class ChannelRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelRunner.class);
  private static final int COPY_BUFFER = 64 * 1024;
  private static final long CHANNEL_CLOSE_POLL_MS = 5;

  private final Supplier<String> name;
  private final Supplier<Session> session;
  private final SshSettings settings;
  private final EngineThreads threads;

  ChannelRunner(Supplier<String> name, Supplier<Session> session, SshSettings settings, EngineThreads threads) {
    this.name = name;
    this.session = session;
    this.settings = settings;
    this.threads = threads;
  }

  private String name() {
    return name.get();
  }

  private Session session() {
    return session.get();
  }

  CompletableFuture<Integer> stream(Command command, LineListener listener) {
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

  /**
   * Runs one command on its own channel and copies its output: the core of every exec variant. When
   * {@code owner} (may be null) is cancelled, the remote command is killed at once.
   */
  int run(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout,
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
      // env, not a shell assignment prefix, so it works whatever the login shell is (csh, fish).
      ch.setCommand("env FERRY_CMD=" + tag + " " + command.toShell());
      if (stdin != null) {
        ch.setInputStream(stdin, false);
      }
      InputStream out = ch.getInputStream();
      InputStream err = ch.getErrStream();
      LOG.debug("{}: {}", name(), command.label());
      ch.connect((int) settings.connectTimeout().toMillis());
      if (stdin == null) {
        endInput(ch);
      }
      return new Channel(ch, out, err, tag);
    } catch (IOException e) {
      throw new SshException("could not start '" + command.label() + "' on " + name() + ": " + e.getMessage(), e);
    } catch (JSchException e) {
      throw new SshException("could not start '" + command.label() + "' on " + name() + ": " + e.getMessage()
          + ". The SSH server may limit sessions (MaxSessions) or the connection dropped.", e);
    }
  }

  /**
   * Ends a command's input at once (EOF), from this thread. Given an input stream, JSch starts a thread to pump it
   * only after it has sent the command, and a command that ends first closes the channel under it (JSch 2.27:
   * "Cannot invoke Thread.start() because this.thread is null", which failed a migration's step now and then).
   */
  private static void endInput(ChannelExec ch) {
    try {
      ch.getOutputStream().close();
    } catch (IOException e) {
      // The command ended and its channel closed already: it needs no EOF.
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
      run(Command.script(KILL_TAGGED, c.tag()), null, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), KILL_TIMEOUT, null);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not stop the processes of a cancelled command: {}", name(), e.getMessage());
    }
  }
}
