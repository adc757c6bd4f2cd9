package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration's record on each host it touches: /var/lib/ferry/journal/ID/ holds {@code state.json}
 * (what migrates where, how, and how far it got; written to a temporary file and renamed), a
 * {@code lease} file whose age says whether the client is alive (it renews it), and on the source the
 * {@code decision}: "destination" or "source", created once with a hard link (atomic, and refused
 * when it exists) after the value was written and synced. The source's detached watchdog and the
 * next Ferry client to connect ({@link MigrationRecovery}) read it to finish or undo the migration.
 */
final class MigrationJournal {
  static final String FOLDER = FerryPaths.STORE + "/journal";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** What a host's journal says about one migration (also the JSON of state.json). */
  // runtime: "runc", or "podman" (then containerId is Podman's id of the original); absent (null) in journals written before it.
  record Entry(String id, String container, String source, String destination, String role, String phase, String strategy,
      String work, String bundle, boolean sharedStorage, String netns, String leaseOwner, String startedAt, String runtime,
      String containerId) {
    static final String PODMAN = "podman";

    Entry withPhase(String p) {
      return new Entry(id, container, source, destination, role, p, strategy, work, bundle, sharedStorage, netns, leaseOwner, startedAt,
          runtime, containerId);
    }

    Entry withRole(String r) {
      return new Entry(id, container, source, destination, r, phase, strategy, work, bundle, sharedStorage, netns, leaseOwner, startedAt,
          runtime, containerId);
    }

    boolean podman() {
      return PODMAN.equals(runtime);
    }

    String json() {
      try {
        return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One journal folder as found on a host: its entry, the lease's age, the decision word, the watchdog's log. */
  record Found(Entry entry, long leaseAgeSeconds, Decision decision, String watchdogLog) {}

  private static final String WRITE = """
      d="$1/$2"; mkdir -p "$d" || exit 1
      printf '%s\\n' "$3" > "$d/state.tmp" && mv -f "$d/state.tmp" "$d/state.json" || { rm -f "$d/state.tmp"; exit 1; }
      [ "$4" = lease ] && { touch "$d/lease" || exit 1; }
      exit 0
      """;

  // A journal folder $d that is gone was resolved and removed by the watchdog: its log ($LOGS) still
  // says which decision it acted on. Shared by DECIDE and READ.
  private static final String GONE_JOURNAL = """
      if [ ! -d "$d" ]; then
        l="$LOGS/migration-$2.log"
        grep -q "decision 'source'" "$l" 2>/dev/null && { echo source; exit 0; }
        grep -q "decision 'destination'" "$l" 2>/dev/null && { echo destination; exit 0; }
        echo "no journal $d" >&2; exit 2
      fi
      """;

  // Creates the decision unless one exists, then prints the decision that holds. A claim for the
  // destination is refused (nothing written) once the lease has lapsed: the watchdog may be acting.
  static final String DECIDE = """
      d="$1/$2"; want=$3; timeout=$4; LOGS=$5
      """ + GONE_JOURNAL + """
      if [ ! -e "$d/decision" ]; then
        ok=yes
        if [ "$want" = destination ]; then
          age=$(( $(date +%s) - $(stat -c %Y "$d/lease" 2>/dev/null || echo 0) ))
          [ "$age" -gt "$timeout" ] && ok=no
        fi
        if [ $ok = yes ]; then
          t="$d/decision.$$"
          printf '%s\\n' "$want" > "$t" && sync "$t" && ln "$t" "$d/decision" 2>/dev/null
          rm -f "$t"; sync "$d" 2>/dev/null
        fi
      fi
      if [ -e "$d/decision" ]; then cat "$d/decision"; else echo none; fi
      """;

  private static final String READ = """
      d="$1/$2"; LOGS=$3
      """ + GONE_JOURNAL + """
      if [ -e "$d/decision" ]; then cat "$d/decision"; else echo none; fi
      """;

  private static final String LIST = """
      for d in "$1"/*/; do
        [ -f "$d/state.json" ] || continue
        echo "==ferry-journal=="
        echo "$(( $(date +%s) - $(stat -c %Y "$d/lease" 2>/dev/null || stat -c %Y "$d/state.json") ))"
        if [ -e "$d/decision" ]; then cat "$d/decision"; else echo none; fi
        head -c 65536 "$d/state.json"; echo
        tail -n 20 "$d/watchdog.log" 2>/dev/null
      done
      true
      """;

  private MigrationJournal() {}

  static String dir(String id) {
    return FOLDER + "/" + id;
  }

  /** Writes the entry (and starts the lease when {@code withLease}). */
  static void write(RemoteHost host, Entry e, boolean withLease) {
    Command c = Command.script(WRITE, FOLDER, e.id(), e.json(), withLease ? "lease" : "");
    ExecResult r = host.exec(c, TIMEOUT);
    if (!r.ok()) {
      throw new MigrationException("Cannot write the migration's journal on " + host.name() + ": " + r.stderr().strip(),
          "Check free disk space in " + FerryPaths.STORE + " on " + host.name() + ".");
    }
  }

  /** Seconds since the lease on this host was last renewed. */
  static long leaseAge(RemoteHost host, String id) {
    Command c = Command.script("echo $(( $(date +%s) - $(stat -c %Y \"$1/lease\") ))", dir(id));
    ExecResult r = host.exec(c, TIMEOUT);
    try {
      return Long.parseLong(r.orThrow(host.name(), c).stdout().strip());
    } catch (NumberFormatException e) {
      throw new MigrationException("Cannot read the lease of migration " + id + " on " + host.name() + ".", "Try again.");
    }
  }

  static boolean renew(RemoteHost host, String id) {
    return host.exec(Command.of("touch", "-c", dir(id) + "/lease"), Duration.ofSeconds(5)).ok();
  }

  /**
   * Marks the lease as lapsed at once: this client is done with the migration, so the source's
   * watchdog and the next client's recovery need not wait out the timeout. False if the host did not answer.
   */
  static boolean expire(RemoteHost host, String id) {
    try {
      return host.exec(Command.of("touch", "-c", "-d", "@0", dir(id) + "/lease"), Duration.ofSeconds(5)).ok();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Records {@code want} unless a decision exists; returns the decision that holds. */
  static Decision decide(RemoteHost host, String id, Decision want, Duration leaseTimeout) {
    return answer(host, Command.script(DECIDE, FOLDER, id, want.word(), Long.toString(leaseTimeout.toSeconds()),
        SourceWatchdog.LOG_DIR));
  }

  /** {@link #decide}, then {@code after} in the same command ($d the journal, its own arguments from $6), its output dropped. */
  static Decision decide(RemoteHost host, String id, Decision want, Duration leaseTimeout, String after, String... afterArgs) {
    return answer(host, Command.script(DECIDE + "{\n" + after + "\n} >/dev/null 2>&1\n", FOLDER, id, want.word(),
        Long.toString(leaseTimeout.toSeconds()), SourceWatchdog.LOG_DIR).with(afterArgs));
  }

  static Decision read(RemoteHost host, String id) {
    return answer(host, Command.script(READ, FOLDER, id, SourceWatchdog.LOG_DIR));
  }

  private static Decision answer(RemoteHost host, Command c) {
    ExecResult r;
    try {
      r = host.exec(c, TIMEOUT);
    } catch (RuntimeException e) {
      throw new Decision.Unclear("no answer from " + host.name() + ": " + e.getMessage());
    }
    Decision d = r.ok() ? Decision.ofWord(r.stdout()) : null;
    if (d == null) {
      throw new Decision.Unclear("unclear answer from " + host.name() + " (exit " + r.exitCode() + "): " + (r.stdout() + r.stderr()).strip());
    }
    return d;
  }

  static void remove(RemoteHost host, String id) {
    host.exec(Command.of("rm", "-rf", dir(id)), TIMEOUT);
  }

  /** Every journal entry on a host. */
  static List<Found> list(RemoteHost host) {
    ExecResult r = host.exec(Command.script(LIST, FOLDER), TIMEOUT).orThrow(host.name(), Command.of("ls", FOLDER));
    List<Found> out = new ArrayList<>();
    for (String block : r.stdout().split("==ferry-journal==\n")) {
      List<String> lines = block.lines().toList();
      if (lines.size() < 3) {
        continue;
      }
      try {
        Entry e = Json.MAPPER.readValue(lines.get(2), Entry.class);
        Decision d = Decision.ofWord(lines.get(1));
        out.add(new Found(e, Long.parseLong(lines.get(0).strip()), d == null ? Decision.NONE : d,
            String.join("\n", lines.subList(3, lines.size()))));
      } catch (IOException | NumberFormatException ex) {
        // A half-written or foreign folder: not ours to act on.
      }
    }
    return out;
  }
}
