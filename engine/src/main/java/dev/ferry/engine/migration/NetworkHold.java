package dev.ferry.engine.migration;

import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;

/**
 * Keeps a copy of a container off the network while the decision of which copy runs is open: every
 * packet in or out of its network namespace, except on {@code lo}, is dropped by two iptables chains
 * inside that namespace (so the host's own rules are never touched). The paused original on the
 * source is held from the dump until the decision (CRIU lifts its own network lock at the end of the
 * dump, field notes §10), and the restored copy on the destination until the decision "destination"
 * is read back. A container that shares its host's network namespace cannot be held without cutting
 * the host off, so it is left alone and the caller is told. Holding twice and releasing twice are
 * harmless. A restored namespace of its own also gets {@code lo} up again (runc restores it down,
 * field notes §4/§10, and a server on 127.0.0.1 would be unreachable).
 */
final class NetworkHold {
  /** What {@link #hold} found: held, or the namespace is the host's own (not held). */
  enum Result { HELD, SHARED_WITH_HOST }

  // $1: pid of a process in the namespace, or "netns:NAME" for a named namespace in /run/netns.
  private static final String NS = """
      case $1 in netns:*) ns="/run/netns/${1#netns:}" ;; *) ns="/proc/$1/ns/net" ;; esac
      [ -e "$ns" ] || { echo "no network namespace at $ns" >&2; exit 2; }
      if [ "$(stat -L -c %i "$ns")" = "$(stat -L -c %i /proc/self/ns/net)" ]; then echo shared; exit 0; fi
      """;

  static final String HOLD = NS + """
      nsenter --net="$ns" sh -c '
        set -e
        for c in IN OUT; do iptables -w 10 -N FERRY-HOLD-$c 2>/dev/null || iptables -w 10 -F FERRY-HOLD-$c; done
        iptables -w 10 -A FERRY-HOLD-IN ! -i lo -j DROP
        iptables -w 10 -A FERRY-HOLD-OUT ! -o lo -j DROP
        iptables -w 10 -C INPUT -j FERRY-HOLD-IN 2>/dev/null || iptables -w 10 -I INPUT 1 -j FERRY-HOLD-IN
        iptables -w 10 -C OUTPUT -j FERRY-HOLD-OUT 2>/dev/null || iptables -w 10 -I OUTPUT 1 -j FERRY-HOLD-OUT
      ' || exit 1
      [ "$2" = fix-lo ] && nsenter --net="$ns" ip link set lo up
      echo held
      """;

  // $2 (optional): the migration's journal on this host; its traffic script, if any, runs once the hold is lifted.
  static final String RELEASE = """
      j=${2:-}
      case $1 in netns:*) ns="/run/netns/${1#netns:}" ;; *) ns="/proc/$1/ns/net" ;; esac
      own=no
      if [ -e "$ns" ] && [ "$(stat -L -c %i "$ns")" != "$(stat -L -c %i /proc/self/ns/net)" ]; then own=yes
      elif [ ! -e "$ns" ] && [ -z "$j" ]; then echo "no network namespace at $ns" >&2; exit 2
      fi
      # Clients wait for what comes first: the jumps out (HOLD sets each once), then the traffic script; the
      # chains go after, and a chain still jumped to cannot go, which the check at the end would show.
      # Both jumps in one iptables-restore (one process less than two iptables on the clients' path); one by one if either is gone.
      [ $own = yes ] && { printf '*filter\\n-D INPUT -j FERRY-HOLD-IN\\n-D OUTPUT -j FERRY-HOLD-OUT\\nCOMMIT\\n' \
        | nsenter --net="$ns" iptables-restore -w 10 --noflush 2>/dev/null \
        || nsenter --net="$ns" sh -c 'iptables -w 10 -D INPUT -j FERRY-HOLD-IN; iptables -w 10 -D OUTPUT -j FERRY-HOLD-OUT' 2>/dev/null; }
      rc=0
      if [ -n "$j" ] && [ -f "$j/traffic" ]; then sh "$j/traffic" && rm -f "$j/traffic" || rc=1; fi
      if [ $own = yes ]; then
        nsenter --net="$ns" sh -c '
          for c in INPUT OUTPUT; do i=0; while [ $i -lt 10 ] && iptables -w 10 -D $c -j FERRY-HOLD-${c%PUT} 2>/dev/null; do i=$((i+1)); done; done
          for c in IN OUT; do iptables -w 10 -F FERRY-HOLD-$c 2>/dev/null; iptables -w 10 -X FERRY-HOLD-$c 2>/dev/null; done
          ! iptables -w 10 -S 2>/dev/null | grep -q FERRY-HOLD
        ' || rc=1
      fi
      exit $rc
      """;

  private NetworkHold() {}

  /** Holds the namespace of a process ({@code pid}) or a named one ({@code "netns:NAME"}). */
  static Result hold(RemoteHost host, String target, boolean fixLo) {
    Command c = Command.script(HOLD, target, fixLo ? "fix-lo" : "");
    ExecResult r = host.exec(c);
    if (!r.ok()) {
      throw new MigrationException("Cannot hold the network of the container on " + host.name() + ": " + r.stderr().strip(),
          "Check that iptables works on " + host.name() + " (CRIU needs it too).");
    }
    return r.stdout().strip().equals("shared") ? Result.SHARED_WITH_HOST : Result.HELD;
  }

  /** Lifts the hold, then runs the traffic script of the migration whose journal is {@code journal} on this host, if any. */
  static void release(RemoteHost host, String target, String journal) {
    Command c = Command.script(RELEASE, target, journal);
    host.exec(c).orThrow(host.name(), c);
  }
}
