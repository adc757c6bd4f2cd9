package dev.ferry.e2e.faults;

import dev.ferry.e2e.lab.Lab;
import dev.ferry.e2e.lab.LocalProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * What one lab host holds of one container, asked through lab.sh (not through the engine's SSH, so
 * the answer does not depend on the code under test): its runc state, its bundle, its tick log,
 * every file or folder of Ferry's store named after it (work folders with images, locks, journal
 * entries), its processes outside the container (watchdogs, CRIU, lazy-pages daemons), migration
 * keys in root's authorized_keys, and that file's fingerprint.
 */
record HostCensus(String host, String state, boolean bundle, List<String> traces, List<String> processes, int migrationKeys,
    String authorizedKeys, String log) {

  // One round trip per host. Traces are anything under /var/lib/ferry (but the bundle itself) or
  // /run whose name holds the container's name, and any journal file that mentions it.
  private static final String SCRIPT = """
      ct=$1; log=$2
      st=$(runc state "$ct" 2>/dev/null | sed -n 's/^ *"status": *"\\([a-z]*\\)".*/\\1/p')
      echo "state ${st:-none}"
      [ -d "/var/lib/ferry/containers/$ct" ] && echo "bundle yes" || echo "bundle no"
      find /var/lib/ferry /run/netns /run/ferry -maxdepth 3 -name "*$ct*" 2>/dev/null | grep -vx "/var/lib/ferry/containers/$ct" \\
        | grep -v "^/var/lib/ferry/containers/$ct/" | grep -v "^/var/lib/ferry/checkpoints/" | sed 's/^/trace /'
      for d in /var/lib/ferry/journal /var/lib/ferry/migrations; do
        [ -d "$d" ] && grep -rlsF -- "$ct" "$d" 2>/dev/null | sed 's/^/trace journal:/'
      done
      # The hosts share one PID space: a process is this host's if it lives in this host's mount namespace.
      me=$(readlink /proc/$$/ns/mnt)
      for p in $(pgrep -f -- "$ct"); do
        [ "$p" != $$ ] && [ "$(readlink /proc/$p/ns/mnt 2>/dev/null)" = "$me" ] || continue
        a=$(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | cut -c1-160)
        case "$a" in *census*|"") ;; *) echo "proc $p $a" ;; esac
      done
      echo "keys $(grep -c 'ferry-migration' /root/.ssh/authorized_keys 2>/dev/null || echo 0)"
      echo "authkeys $(wc -l < /root/.ssh/authorized_keys 2>/dev/null || echo missing) $(grep -v ferry-migration /root/.ssh/authorized_keys 2>/dev/null | sha256sum | cut -c1-16)"
      echo "---log"
      cat "/var/lib/ferry/containers/$ct/rootfs/var/log/$log" 2>/dev/null
      true
      """;

  static HostCensus take(Lab lab, String host, String ct, String logFile) {
    LocalProcess.Result r = lab.exec(host, "sh", "-c", SCRIPT, "census", ct, logFile);
    if (r.exitCode() != 0) {
      return new HostCensus(host, "unreachable: " + r.stderr().strip(), false, List.of(), List.of(), 0, "", "");
    }
    String state = "none";
    boolean bundle = false;
    int keys = 0;
    String auth = "";
    List<String> traces = new ArrayList<>();
    List<String> procs = new ArrayList<>();
    String out = r.stdout();
    int logAt = out.indexOf("---log\n");
    String head = logAt < 0 ? out : out.substring(0, logAt);
    String log = logAt < 0 ? "" : out.substring(logAt + 7);
    for (String line : head.lines().toList()) {
      int sp = line.indexOf(' ');
      String key = sp < 0 ? line : line.substring(0, sp);
      String value = sp < 0 ? "" : line.substring(sp + 1).strip();
      switch (key) {
        case "state" -> state = value;
        case "bundle" -> bundle = value.equals("yes");
        case "trace" -> traces.add(value);
        case "proc" -> procs.add(value);
        case "keys" -> keys = Integer.parseInt(value.split("\\s+")[0]);
        case "authkeys" -> auth = value;
        default -> { }
      }
    }
    return new HostCensus(host, state, bundle, List.copyOf(traces), List.copyOf(procs), keys, auth, log);
  }

  boolean running() {
    return state.equals("running");
  }

  /** Anything of the container on this host at all: a runc container in any state, or its bundle. */
  boolean holdsContainer() {
    return !state.equals("none") || bundle;
  }

  /** What a migration must not leave behind on this host, whichever way it ended. */
  List<String> leftovers() {
    List<String> l = new ArrayList<>();
    traces.forEach(t -> l.add(host + ": " + t));
    processes.forEach(p -> l.add(host + ": process " + p));
    if (migrationKeys > 0) {
      l.add(host + ": " + migrationKeys + " migration key(s) still in /root/.ssh/authorized_keys");
    }
    return l;
  }
}
