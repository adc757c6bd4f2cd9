package dev.ferry.engine.clientview;

import dev.ferry.engine.migration.ClientGap;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.LineListener;
import dev.ferry.engine.ssh.RemoteHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of a container's service, run on a chosen host for as long as it is watched: every
 * {@link #INTERVAL_MS} it opens a new TCP connection, sends a line and waits for the answer, and prints
 * the realtime microsecond at which each answer came (bash 5's /dev/tcp and $EPOCHREALTIME in one
 * shell, so an attempt costs no process but the pause's sleep). {@link #stop()} ends it and gives the longest time between two answers:
 * the downtime this client saw. Timestamps are the host's own clock, so the SSH round trip to this
 * client does not blur them.
 */
public final class ClientProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ClientProbe.class);
  /** The client: a connection every 20 ms. */
  static final int INTERVAL_MS = 20;
  /**
   * One attempt may wait this long for its answer once connected: during a freeze Ferry holds new
   * connections rather than dropping them, so an attempt is answered when the container resumes.
   */
  static final int ATTEMPT_TIMEOUT_S = 30;
  private static final String LOOP = """
      addr=$1; port=$2; pause=$3; limit=$4
      now() { local t=$EPOCHREALTIME; printf '%s' "${t/[.,]/}"; }
      echo "started $(now)"
      while :; do
        if exec 3<>"/dev/tcp/$addr/$port"; then
          if printf 'ferry-client-watch\n' >&3 && IFS= read -r -t "$limit" line <&3; then
            echo "answer $(now)"
          else
            echo "none $(now)"
          fi
          exec 3<&- 3>&-
        else
          echo "none $(now)"
        fi
        sleep "$pause"
      done 2>/dev/null
      """;

  private final RemoteHost from;
  private final ClientWatch watch;
  private final List<Long> answers = new ArrayList<>();
  private int attempts;
  private long startedAt;
  private CompletableFuture<Integer> run;
  private String problem = "";

  private ClientProbe(RemoteHost from, ClientWatch watch) {
    this.from = from;
    this.watch = watch;
  }

  /** Starts the client on {@code from}; it runs until {@link #stop()}. */
  public static ClientProbe start(RemoteHost from, ClientWatch watch) {
    ClientProbe p = new ClientProbe(from, watch);
    // bash, not sh: /dev/tcp and $EPOCHREALTIME are bash's.
    List<String> argv = new ArrayList<>();
    if (!watch.netns().isEmpty()) {
      argv.addAll(List.of("nsenter", "--net=" + watch.netns()));
    }
    argv.addAll(List.of("bash", "-c", LOOP, "ferry-client-watch", watch.address(), Integer.toString(watch.port()),
        String.format(java.util.Locale.ROOT, "%.3f", INTERVAL_MS / 1000.0), Integer.toString(ATTEMPT_TIMEOUT_S)));
    Command c = Command.of(argv);
    p.run = from.stream(c, new LineListener() {
      @Override
      public void stdout(String line) {
        p.line(line);
      }

      @Override
      public void stderr(String line) {
        p.complain(line);
      }
    });
    return p;
  }

  private synchronized void line(String line) {
    String[] f = line.strip().split(" ");
    if (f.length != 2) {
      return;
    }
    long ms;
    try {
      ms = Long.parseLong(f[1]) / 1000;
    } catch (NumberFormatException e) {
      return;
    }
    switch (f[0]) {
      case "started" -> startedAt = ms;
      case "answer" -> {
        attempts++;
        answers.add(ms);
      }
      case "none" -> attempts++;
      default -> { }
    }
  }

  private synchronized void complain(String line) {
    if (problem.isEmpty() && !line.isBlank()) {
      problem = line.strip();
    }
  }

  /** Whether the first answer has come (so a migration watched from here starts with the service answering). */
  public synchronized boolean answering() {
    return !answers.isEmpty();
  }

  /** Ends the client and says what it saw. */
  public ClientGap stop() {
    run.cancel(true);
    synchronized (this) {
      String why = problem;
      if (answers.isEmpty()) {
        why = why.isEmpty() ? "no answer from " + watch.address() + ":" + watch.port() + " in " + attempts + " attempts" : why;
      }
      ClientGap gap = new ClientGap(from.name(), watch.address(), watch.port(), longestGap(startedAt, answers), attempts, answers.size(),
          answers.isEmpty() ? why : "");
      LOG.info("client watch from {} of {}:{}: longest gap {} ms, {} of {} answered", from.name(), watch.address(), watch.port(),
          gap.longestGapMillis(), gap.answered(), gap.attempts());
      return gap;
    }
  }

  /** The longest time between two answers, the first counted from when the client started. */
  static long longestGap(long startedAt, List<Long> answers) {
    long max = 0;
    long last = startedAt > 0 ? startedAt : answers.isEmpty() ? 0 : answers.get(0);
    for (long a : answers) {
      max = Math.max(max, a - last);
      last = a;
    }
    return max;
  }
}
