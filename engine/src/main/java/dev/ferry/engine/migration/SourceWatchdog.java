package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.container.RuncStatus;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;

/**
 * A detached process on the source host that outlives this client and acts on a lease, not a
 * deadline: while the client renews the migration's lease (the journal's {@code lease} file), it only
 * waits, so a copy may take as long as it takes. Once the lease has not been renewed for
 * {@link Lease#TIMEOUT}, it first records the decision "source" (atomically; a decision already made
 * stands), then acts on the decision it reads: for "source" it removes the destination's copy
 * through the migration's SSH master connection when there is one (in relay mode there is none, and
 * the destination's copy stays held, taking no traffic, until {@link MigrationRecovery} reaches it),
 * then lifts the hold on the paused original and resumes it; for "destination" (the client died after
 * the hand-over) it releases the destination's copy and, only once that copy is seen running, removes
 * the original: if the destination cannot be asked (in relay mode, or it went down with the copy),
 * the original stays as it is for {@link MigrationRecovery}, which asks both hosts. It leaves a log in
 * {@code /var/lib/ferry/log/migration-ID.log}.
 */
final class SourceWatchdog {
  static final String LOG_DIR = FerryPaths.STORE + "/log";

  /**
   * The wait on the lease that every watchdog starts with ($j the journal, $timeout, $logf its log): until the
   * lease has lapsed for $timeout (or a day), or the journal is gone (resolved: exit). Then "source" is recorded
   * unless a decision exists, and $d holds the decision that stands. Defines log and age.
   */
  static final String AWAIT_LAPSE = """
      mkdir -p "${logf%/*}"
      log() { echo "$(date -u +%FT%TZ) $*" >> "$logf"; }
      age() { echo $(( $(date +%s) - $(stat -c %Y "$j/lease" 2>/dev/null || echo 0) )); }
      limit=$(( $(date +%s) + 86400 ))
      while [ -d "$j" ] && [ "$(age)" -le "$timeout" ] && [ "$(date +%s)" -lt "$limit" ]; do sleep 0.5; done
      [ -d "$j" ] || exit 0
      if [ ! -e "$j/decision" ]; then
        t="$j/decision.$$"; printf 'source\\n' > "$t" && sync "$t" && ln "$t" "$j/decision" 2>/dev/null; rm -f "$t"
      fi
      d=$(cat "$j/decision" 2>/dev/null)
      """;

  private static final String SCRIPT = RuncStatus.SHELL_FUNCTION + """
      j=$1; ct=$2; w=$3; bundle=$4; shared=$5; lock=$6; token=$7; tag=$8; timeout=$9
      release=${10}; destundo=${11}; destfinish=${12}; abortlazy=${13}; ns=${14}; logf=${15}
      """ + AWAIT_LAPSE + """
      dest() {
        [ -S "$w/ctl" ] || return 1
        printf '%s' "$1" | timeout 30 ssh -F /dev/null -o BatchMode=yes -o ControlPath="$w/ctl" x \\
          sh -s "$ct" "$bundle" "$shared" "$w" "$tag" "$j" "$ns" >/dev/null 2>&1
      }
      reached=no
      if [ "$d" = source ]; then
        log "lease not renewed for $(age) s: decision 'source' for $ct"
        if dest "$destundo"; then reached=yes; log "removed the copy from the destination"
        else log "could not reach the destination: its copy stays held (no traffic) until 'ferry recover' reaches it"; fi
        [ -f "$w/dump/lazy.pid" ] && sh -c "$abortlazy" abort "$w/dump"
        if [ -f "$j/hold" ]; then sh -c "$release" release "$(cat "$j/hold")" "$j" >/dev/null 2>&1; rm -f "$j/hold"; fi
        runc resume "$ct" 2>/dev/null
        log "$ct here: $(runc_status "$ct")"
      elif [ "$d" = destination ]; then
        log "decision 'destination' and the client's lease lapsed: finishing the source's clean-up"
        if [ -f "$w/dump/lazy.pid" ]; then
          i=0; while [ ! -s "$w/dump/lazy.rc" ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i+1)); done
        fi
        if dest "$destfinish"; then reached=yes; log "the destination's copy runs, released"
        else
          log "could not see the destination's copy running: the original stays here as it is, the way back, until 'ferry recover' asks both hosts"
          exit 0
        fi
        runc delete --force "$ct" 2>/dev/null
        [ "$shared" = yes ] || rm -rf "$bundle"
        [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
        [ -f "$j/forget" ] && sh "$j/forget"
        log "removed the original of $ct"
      fi
      ssh -o ControlPath="$w/ctl" -O exit x >/dev/null 2>&1
      rm -rf "$w"
      grep -q -F -e "$token" "$lock/owner.json" 2>/dev/null && rm -rf "$lock"
      if [ $reached = yes ]; then rm -rf "$j"; else touch "$j/resolved-here"; fi
      exit 0
      """;

  /** Runs on the destination through the master connection: $1 ct, $2 bundle, $3 shared, $4 work, $5 key tag, $6 journal, $7 netns. */
  static final String DESTINATION_UNDO = """
      ct=$1; bundle=$2; shared=$3; w=$4; tag=$5; j=$6; ns=$7
      runc delete --force "$ct" 2>/dev/null
      [ -f "$w/restore/lazy-pages.pid" ] && kill -KILL "$(cat "$w/restore/lazy-pages.pid")" 2>/dev/null
      [ "$shared" = yes ] || rm -rf "$bundle"
      [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
      rm -rf "$w" "$j"
      l="/var/lib/ferry/locks/$ct"; grep -q -F -e "migration ${j##*/} " "$l/owner.json" 2>/dev/null && rm -rf "$l"
      true
      """;

  static final String DESTINATION_FINISH = RuncStatus.SHELL_FUNCTION + """
      ct=$1; bundle=$2; shared=$3; w=$4; tag=$5; j=$6; ns=$7
      [ "$(runc_status "$ct")" = running ] || exit 3
      if [ -f "$j/hold" ]; then sh -c "$RELEASE_SCRIPT" release "$(cat "$j/hold")" "$j" >/dev/null 2>&1 || exit 1; fi
      rm -rf "$w" "$j"
      l="/var/lib/ferry/locks/$ct"; grep -q -F -e "migration ${j##*/} " "$l/owner.json" 2>/dev/null && rm -rf "$l"
      true
      """;

  private SourceWatchdog() {}

  /** What the watchdog needs to know about one migration. */
  record Params(String journal, ContainerName ct, String work, String bundle, boolean shared, String lock, String lockToken,
      String keyTag, String netns, String migrationId) {}

  /** Starts the watchdog on the source; it acts once the lease has lapsed. */
  static void start(RemoteHost source, Params p) {
    String revoke = "revoke() {\n" + AuthorizedKeys.REVOKE + "\n}\n( revoke \"$tag\" )\n";
    String release = NetworkHold.RELEASE;
    String undo = DESTINATION_UNDO + revoke;
    String finish = "RELEASE_SCRIPT=" + shellLiteral(release) + "\n" + DESTINATION_FINISH + revoke;
    Command c = Command.script(START, SCRIPT, p.journal(), p.ct().value(), p.work(), p.bundle(), p.shared() ? "yes" : "no", p.lock(),
        p.lockToken(), p.keyTag(), Long.toString(Lease.TIMEOUT.toSeconds()), release, undo, finish,
        RuncCommands.abortLazyCheckpointScript(), p.netns(), LOG_DIR + "/migration-" + p.migrationId() + ".log");
    source.exec(c, Duration.ofSeconds(20)).orThrow(source.name(), c);
  }

  private static final String START = """
      script=$1; shift
      setsid sh -c "$script" watchdog "$@" </dev/null >/dev/null 2>&1 &
      echo $!
      """;

  /** A constant script as one single-quoted shell word (it is Ferry's own text, never user data). */
  static String shellLiteral(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
