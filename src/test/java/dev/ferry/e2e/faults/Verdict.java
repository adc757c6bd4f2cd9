package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.workloads.TickLog;
import dev.ferry.engine.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ferry's promise, checked on both hosts after a cell: the container runs on exactly one host, its
 * ticks never restarted and still advance, the memory workload's self-check passes, the other host
 * holds nothing of it and neither host has a leftover (images, bundle copies, watchdogs, keys,
 * locks, journal entries), and the outcome and its words say where it really runs.
 */
final class Verdict {
  // Phrases in a report that say where the container is; each must name the host it really runs on.
  private static final Pattern WHERE = Pattern.compile(
      "(?:runs on|running on|brought back on|kept on|kept running on|resumed on|keeps running on|runs again on|is on) (ferry-[a-d])");
  private static final Set<String> ON_DESTINATION = Set.of("MIGRATED", "MIGRATED_WITH_LEFTOVERS");
  private static final Set<String> ON_SOURCE = Set.of("ROLLED_BACK", "BLOCKED");

  /** Runs-on of a container whose processes a power cut of the source killed before a complete copy existed. */
  static final String DIED_WITH = "died with ";

  final List<String> problems = new ArrayList<>();
  String runsOn = "NOWHERE";
  long frozenTicksMillis = -1;

  private Verdict() {}

  /**
   * Judges a finished cell. {@code outcome} is the engine's outcome name (null when the client died),
   * {@code words} its summary and advice, {@code placement} the host the report says it runs on (null if it does not say).
   */
  static Verdict judge(Lab lab, String source, String destination, String ct, String workload, String outcome, String words,
      String placement) throws InterruptedException {
    return judge(lab, source, destination, ct, workload, outcome, words, placement, null);
  }

  /**
   * The same, for a fault that killed every process of host {@code killed} (null: none): if the
   * container then runs nowhere, that is the power cut's doing, not Ferry's, provided no copy of it is
   * left on the other host, its files are intact on the killed one and the report says so and how to
   * start it again; it is counted apart as died with its host.
   */
  static Verdict judge(Lab lab, String source, String destination, String ct, String workload, String outcome, String words,
      String placement, String killed) throws InterruptedException {
    Verdict v = new Verdict();
    String log = workload.equals("memory") ? "memory.log" : "counter.log";
    HostCensus a = HostCensus.take(lab, source, ct, log);
    HostCensus b = HostCensus.take(lab, destination, ct, log);
    List<HostCensus> running = new ArrayList<>();
    for (HostCensus h : List.of(a, b)) {
      if (h.state().startsWith("unreachable")) {
        v.problems.add(h.host() + " could not be asked: " + h.state());
      }
      if (h.running()) {
        running.add(h);
      }
    }
    if (running.isEmpty() && killed != null) {
      v.runsOn = DIED_WITH + killed;
      HostCensus dead = killed.equals(source) ? a : b;
      HostCensus other = dead == a ? b : a;
      if (other.holdsContainer()) {
        v.problems.add(other.host() + " holds " + ct + " (runc state " + other.state() + ") although it runs nowhere");
      }
      if (!dead.bundle()) {
        v.problems.add(ct + "'s files are gone from " + killed + ": it cannot even be started again");
      }
      if (!"NEEDS_ATTENTION".equals(outcome) || words == null || !words.contains("nothing to bring back") || !words.contains("runc run -d")
          || !words.contains(killed)) {
        v.problems.add("LOST: " + ct + " died with " + killed + " and the report does not say so (outcome " + outcome + ")");
      }
    } else if (running.isEmpty()) {
      v.problems.add("LOST: " + ct + " runs on no host (" + source + ": " + a.state() + ", " + destination + ": " + b.state() + ")");
    } else if (running.size() == 2) {
      v.runsOn = "BOTH";
      v.problems.add("TWO COPIES: " + ct + " runs on " + source + " and on " + destination);
    } else {
      HostCensus on = running.get(0);
      HostCensus other = on == a ? b : a;
      v.runsOn = on.host();
      v.checkTicks(lab, on, ct, log, workload);
      if (other.holdsContainer()) {
        v.problems.add(other.host() + " still holds " + ct + " (runc state " + other.state() + ", bundle " + (other.bundle() ? "present" : "gone") + ")");
      }
      if (outcome != null) {
        if (ON_DESTINATION.contains(outcome) && !on.host().equals(destination)) {
          v.problems.add("outcome " + outcome + " but " + ct + " runs on " + on.host());
        }
        if (ON_SOURCE.contains(outcome) && !on.host().equals(source)) {
          v.problems.add("outcome " + outcome + " but " + ct + " runs on " + on.host());
        }
      }
      v.problems.addAll(wordsProblems(words, ct, on.host()));
      // A report that found it running nowhere and says it needs attention left the rest to the watchdog and the recovery
      // (a destination gone after the hand-over, the original kept paused): it claimed no host, so none contradicts it.
      boolean deferred = "NOWHERE".equals(placement) && "NEEDS_ATTENTION".equals(outcome);
      if (placement != null && !placement.equals(on.host()) && !deferred) {
        v.problems.add("the report's placement says " + placement + " but " + ct + " runs on " + on.host());
      }
    } 
    if (placement != null && !placement.startsWith("ferry-") && !v.runsOn.startsWith("ferry-") && !v.runsOn.startsWith(DIED_WITH)) {
      v.problems.add("the report's placement says " + placement);
    }
    for (HostCensus h : List.of(a, b)) {
      v.problems.addAll(h.leftovers());
    }
    return v;
  }

  /** What is wrong with a report's words, given where the container really runs: each "runs on X" must name that host. */
  static List<String> wordsProblems(String words, String ct, String runsOn) {
    List<String> out = new ArrayList<>();
    String text = words == null ? "" : words;
    Matcher m = WHERE.matcher(text);
    boolean claims = false;
    while (m.find()) {
      claims = true;
      if (!m.group(1).equals(runsOn)) {
        out.add("the report says \"" + m.group() + "\" but " + ct + " runs on " + runsOn);
      }
    }
    if (claims && text.contains("did not finish")) {
      out.add("the advice contradicts itself: \"did not finish\" beside a claim of where the container is");
    }
    return out;
  }

  private void checkTicks(Lab lab, HostCensus on, String ct, String log, String workload) throws InterruptedException {
    TickLog ticks = TickLog.parse(on.log());
    if (ticks.starts() != 1) {
      problems.add("the workload restarted: " + ticks.starts() + " start lines in " + log + " on " + on.host());
    }
    if (!ticks.contiguous()) {
      problems.add("ticks skipped a number in " + log + " on " + on.host());
    }
    frozenTicksMillis = ticks.maxGapMillis();
    // runc says "running" also for processes CRIU still holds seized: the ticks must move on.
    TickLog later = Await.lastSeen(Duration.ofSeconds(5), Duration.ofMillis(200), () -> TickLog.parse(HostCensus.take(lab, on.host(), ct, log).log()),
        l -> l.lastSeq() > ticks.lastSeq());
    if (later.lastSeq() <= ticks.lastSeq()) {
      problems.add(ct + " on " + on.host() + " is 'running' but its ticks do not advance (last " + ticks.lastSeq() + ")");
    }
    if (workload.equals("memory")) {
      checkMemory(lab, on.host(), ct, log);
    }
  }

  private void checkMemory(Lab lab, String host, String ct, String log) throws InterruptedException {
    String path = "/var/lib/ferry/containers/" + ct + "/rootfs/var/log/" + log;
    long before = verifyLines(lab.exec(host, "cat", path).stdout()).size();
    lab.exec(host, "runc", "kill", ct, "USR1");
    List<String> verify = Await.lastSeen(Duration.ofSeconds(30), Duration.ofMillis(300), () -> verifyLines(lab.exec(host, "cat", path).stdout()),
        v -> v.size() > before);
    verify.stream().filter(l -> l.startsWith("verify FAIL")).findFirst()
        .ifPresent(l -> problems.add("the memory self-check failed on " + host + ": " + l));
    if (verify.size() <= before) {
      problems.add("the memory workload on " + host + " did not answer its self-check within 30 s");
    }
  }

  private static List<String> verifyLines(String text) {
    return text.lines().filter(l -> l.startsWith("verify ")).toList();
  }
}
