package dev.ferry.engine.bench;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.SshHost;
import dev.ferry.engine.util.EngineThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The freeze benchmark (issue #11): for each workload, a runc container (and a Podman container of the
 * same workload) moves back and forth between two lab hosts, the methods taking turns (A B C A B C ...),
 * and each move is measured as the workload felt it, beside what the method itself reports. Every run is
 * appended to the runs file as one JSON line the moment it ends, so a bench split over several sittings
 * adds up to one data set.
 */
public final class FreezeBench {
  // Time for the workload to tick normally between two moves, so one move's catch-up is not the next one's gap.
  private static final long SETTLE_MS = 1000;
  // A method that failed this often on a workload is not tried again on it (a refusal ends it at once).
  private static final int MAX_FAILURES = 2;
  // How long a workload may take to tick again after a move (1 GiB checked page by page after a post-copy restore).
  private static final long RESUME_LIMIT_MS = 120_000;
  // Enough of the tick log for the longest move: about 90 s of 20 ms ticks.
  private static final int LOG_TAIL_BYTES = 400_000;
  // The web client opens a connection every 50 ms (as WebServerLabTest's) and waits at most 30 s for each; it
  // runs for at most an hour (its own limit), longer than any one workload's rounds.
  private static final List<String> WEB_CLIENT = List.of("--interval-ms", "50", "--seconds", "3600", "--timeout-ms", "30000");

  /** What to run. */
  public record Options(List<BenchWorkload> workloads, List<BenchMethod> methods, int runs, String session, Path runsFile) {}

  private final SshHost[] hosts;
  private final BenchLab lab;
  private final FerryMover ferry;
  private final ScriptMover script = new ScriptMover();
  private final PodmanMover podman = new PodmanMover();
  private final PrintWriter out;

  public FreezeBench(SshHost a, SshHost b, Path labScript, Path workloadBin, String labName, EngineThreads threads, PrintWriter out) {
    this.hosts = new SshHost[] {a, b};
    this.lab = new BenchLab(labScript, workloadBin, labName);
    this.ferry = new FerryMover(threads);
    this.out = out;
  }

  /** How the lab's link is shaped, for the conditions. */
  public String linkShape() {
    return lab.linkShape(hosts[0].name());
  }

  public List<BenchRun> run(Options o) throws IOException, InterruptedException {
    List<BenchRun> all = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    for (BenchWorkload w : o.workloads()) {
      out.printf("bench: %s (%s): %s, %d rounds%n", w.id(), w.describe(), o.methods().stream().map(BenchMethod::label).toList(), o.runs());
      out.flush();
      WorkloadRuns runs = new WorkloadRuns(w, o);
      try {
        runs.run();
      } catch (RuntimeException e) {
        // One workload's trouble (a container lost by a failed move) ends that workload, not the sitting.
        out.printf("bench: %s stopped: %s%n", w.id(), e.getMessage());
        out.flush();
        stopped.add(w.id() + ": " + e.getMessage());
      }
      all.addAll(runs.runs);
    }
    if (!stopped.isEmpty()) {
      throw new IllegalStateException("workloads stopped early: " + String.join("; ", stopped));
    }
    return all;
  }

  /** One workload's containers, moved by each method in turn. */
  private final class WorkloadRuns {
    private final BenchWorkload w;
    private final Options o;
    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 10000));
    private final String runcCt;
    private final String podCt;
    private final String ip;
    private final Set<BenchMethod> done = EnumSet.noneOf(BenchMethod.class);
    private final Map<BenchMethod, Integer> failures = new EnumMap<>(BenchMethod.class);
    private final List<BenchRun> runs = new ArrayList<>();
    private int runcAt;
    private int podAt;
    private Path clientLog;
    private Path clientOut;
    private Process client;

    WorkloadRuns(BenchWorkload w, Options o) {
      this.w = w;
      this.o = o;
      this.runcCt = "bench-" + w.id() + "-" + tag;
      this.podCt = "benchpod-" + w.id() + "-" + tag;
      this.ip = w.kind() == BenchWorkload.Kind.WEB ? BenchLab.LAB_SEGMENT + "." + ThreadLocalRandom.current().nextInt(100, 200) : null;
    }

    void run() throws IOException, InterruptedException {
      boolean needPodman = o.methods().contains(BenchMethod.PODMAN) && w.kind() != BenchWorkload.Kind.WEB;
      String image = null;
      try {
        lab.startRunc(hosts[0].name(), runcCt, w, ip);
        if (needPodman) {
          image = lab.podmanImage(hosts[0], hosts[1], podCt, w.argv().get(0));
          BenchLab.startPodman(hosts[0], podCt, w, image);
        }
        if (w.kind() == BenchWorkload.Kind.WEB) {
          clientLog = Files.createTempFile("ferry-bench-web", ".log");
          List<String> argv = new ArrayList<>(List.of("ferry-http-load", "--host", ip, "--log", clientLog.toString()));
          argv.addAll(WEB_CLIENT);
          clientOut = Files.createTempFile("ferry-bench-web", ".out");
          client = lab.routerClient(argv, clientOut);
          awaitRequests(20);
        } else {
          awaitStart(false);
          if (needPodman) {
            awaitStart(true);
          }
        }
        for (int round = 1; round <= o.runs(); round++) {
          for (BenchMethod m : o.methods()) {
            if (!done.contains(m)) {
              BenchRun r = once(m, round);
              if (r != null) {
                record(r);
              }
            }
          }
        }
      } finally {
        if (client != null) {
          client.destroy();
        }
        for (SshHost h : hosts) {
          BenchLab.removeRunc(h, runcCt, ip);
          if (needPodman) {
            BenchLab.removePodman(h, podCt);
          }
        }
        if (image != null) {
          for (SshHost h : hosts) {
            BenchLab.removePodmanImage(h, image);
          }
        }
        if (clientLog != null) {
          Files.deleteIfExists(clientLog);
          Files.deleteIfExists(clientOut);
        }
      }
    }

    private BenchRun once(BenchMethod m, int round) throws IOException, InterruptedException {
      boolean pod = m == BenchMethod.PODMAN;
      SshHost from = hosts[pod ? podAt : runcAt];
      SshHost to = hosts[pod ? 1 - podAt : 1 - runcAt];
      if (w.kind() == BenchWorkload.Kind.WEB && m == BenchMethod.PODMAN) {
        done.add(m);
        return BenchRun.without(o.session(), w, m, round, from.name(), to.name(), "not-run", "not built: Podman keeps a container's"
            + " address within its own network on one host, so a client would have to follow the published port to the other host");
      }
      if (ip != null && m == BenchMethod.SCRIPT) {
        // As a user would, beforehand: the server's network namespace and address on the destination, not yet answered for.
        lab.addressFor(to, runcCt, ip);
      }
      Thread.sleep(SETTLE_MS);
      Moved mv = switch (m) {
        case SCRIPT -> script.move(from, to, runcCt, ip);
        case PODMAN -> podman.move(from, to, podCt);
        default -> ferry.move(from, to, runcCt, m.strategy());
      };
      if (!mv.ok()) {
        BenchRun r = BenchRun.without(o.session(), w, m, round, from.name(), to.name(), mv.outcome(), mv.reason());
        if (!mv.outcome().equals("failed") || failures.merge(m, 1, Integer::sum) >= MAX_FAILURES) {
          done.add(m);
        }
        if (mv.outcome().equals("failed")) {
          record(r);
          locate(pod);
          if (ip != null && m == BenchMethod.SCRIPT) {
            lab.dropAddress(hosts[1 - runcAt], runcCt);
          }
          return null;
        }
        return r;
      }
      if (pod) {
        podAt = 1 - podAt;
      } else {
        runcAt = 1 - runcAt;
      }
      if (ip != null && m == BenchMethod.SCRIPT) {
        lab.dropAddress(from, runcCt);
      }
      return measure(m, round, from, to, mv, pod);
    }

    private BenchRun measure(BenchMethod m, int round, SshHost from, SshHost to, Moved mv, boolean pod)
        throws IOException, InterruptedException {
      Long felt;
      Long clientWait = null;
      Long verifyMs = null;
      Boolean intact = null;
      Boolean continuous = null;
      String reason = "";
      if (w.kind() == BenchWorkload.Kind.WEB) {
        ClientLog.Window win = ClientLog.parse(awaitRequestsAfter(mv.endMs() + 1000)).window(mv.freezeFromMs(), mv.endMs());
        felt = win.longestMs();
        clientWait = win.longestMs();
        if (win.failed() > 0) {
          reason = win.failed() + " client requests failed during the move";
        }
      } else {
        WorkloadLog log = awaitTicks(to, pod, mv.endMs() + 100);
        felt = log.largestGap(mv.startMs(), mv.endMs());
        continuous = log.continuous();
        var v = log.verifyAfter(mv.startMs(), mv.endMs());
        if (v.isPresent()) {
          verifyMs = v.get().ms();
          intact = v.get().ok();
        }
      }
      return new BenchRun(o.session(), w.id(), m.label(), round, from.name(), to.name(), Instant.ofEpochMilli(mv.startMs()), "ok", reason, felt,
          clientWait, verifyMs, intact, continuous, mv.lastPageMs(), mv.methodFrozenMs(), mv.endMs() - mv.startMs(), mv.phasesMs(),
          mv.strategyUsed(), mv.bytesMoved(), mv.copyMBps(), mv.criu());
    }

    private void record(BenchRun r) throws IOException {
      runs.add(r);
      JsonLines.append(o.runsFile(), r);
      out.printf("bench: %-18s %-14s %d %s -> %s  %s%n", r.workload(), r.method(), r.round(), r.from(), r.to(), r.ok()
          ? String.format("felt %5d ms  method's frozen %5d ms%s%s", r.feltFreezeMs(), r.methodFrozenMs(),
              r.lastPageMs() == null ? "" : "  last page " + r.lastPageMs() + " ms",
              r.criu() == null || r.criu().frozenUs() == null ? "" : "  CRIU frozen " + r.criu().frozenUs() / 1000 + " ms")
          : r.outcome() + ": " + r.reason());
      out.flush();
    }

    /** After a failed move: where the container runs now, or an error if it runs nowhere (nothing more can be measured). */
    private void locate(boolean pod) {
      for (int i = 0; i < 2; i++) {
        ExecResult r = hosts[i].exec(pod ? Command.of("podman", "container", "inspect", "--format", "{{.State.Status}}", "--", podCt)
            : Command.of("runc", "state", runcCt));
        if (r.ok() && r.stdout().contains("running")) {
          if (pod) {
            podAt = i;
          } else {
            runcAt = i;
          }
          return;
        }
      }
      throw new IllegalStateException((pod ? podCt : runcCt) + " runs on neither host after a failed move");
    }

    private String logText(SshHost h, boolean pod) {
      Command tail = Command.of("tail", "-c", Integer.toString(LOG_TAIL_BYTES));
      return pod ? h.exec(Command.of("podman", "exec", podCt, "tail", "-c", Integer.toString(LOG_TAIL_BYTES), w.log())).stdout()
          : h.exec(tail.with("/var/lib/ferry/containers/" + runcCt + "/rootfs" + w.log())).stdout();
    }

    private void awaitStart(boolean pod) throws InterruptedException {
      long deadline = System.currentTimeMillis() + RESUME_LIMIT_MS;
      while (!WorkloadLog.parse(logText(hosts[0], pod)).tickedAfter(0)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(w.id() + " did not start ticking in " + (pod ? podCt : runcCt));
        }
        Thread.sleep(200);
      }
    }

    private WorkloadLog awaitTicks(SshHost h, boolean pod, long afterMs) throws InterruptedException {
      long deadline = System.currentTimeMillis() + RESUME_LIMIT_MS;
      while (true) {
        WorkloadLog log = WorkloadLog.parse(logText(h, pod));
        if (log.tickedAfter(afterMs)) {
          return log;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(w.id() + " did not tick again on " + h.name() + " within " + RESUME_LIMIT_MS / 1000 + " s of the move");
        }
        Thread.sleep(200);
      }
    }

    private void awaitRequests(int n) throws IOException, InterruptedException {
      long deadline = System.currentTimeMillis() + 30_000;
      while (ClientLog.parse(Files.readString(clientLog)).requests().size() < n) {
        if (System.currentTimeMillis() > deadline || !client.isAlive()) {
          throw new IllegalStateException("the web client got fewer than " + n + " answers from " + runcCt + " at " + ip + ": "
              + Files.readString(clientOut).strip());
        }
        Thread.sleep(200);
      }
    }

    private String awaitRequestsAfter(long ms) throws IOException, InterruptedException {
      long deadline = System.currentTimeMillis() + 60_000;
      while (true) {
        String text = Files.readString(clientLog);
        if (ClientLog.parse(text).requests().stream().anyMatch(q -> q[0] > ms) || System.currentTimeMillis() > deadline) {
          return text;
        }
        Thread.sleep(200);
      }
    }
  }
}
