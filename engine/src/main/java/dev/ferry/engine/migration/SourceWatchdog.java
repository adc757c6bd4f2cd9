package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;

/**
 * A detached process on the source host that outlives this client. Who keeps the container is
 * decided once, on the source, by whoever first creates WORK/claimed: the client claims it for the
 * destination after the destination runs the container; the watchdog claims it back for the source
 * when its deadline passes first (the client died or hung). Having claimed, the watchdog removes the
 * destination's copy through the migration's own SSH connection, then resumes or restores the
 * container on the source. If the client claimed and then died, the watchdog finishes the source's
 * clean-up. Either way the container ends up running on exactly one host.
 */
final class SourceWatchdog {
  private static final String SCRIPT = """
      ct=$1; w=$2; seconds=$3; bundle=$4; mode=$5; lock=$6; keytag=$7; shared=$8
      end=$(( $(date +%s) + seconds ))
      while [ "$(date +%s)" -lt "$end" ]; do
        [ -d "$w" ] || exit 0
        sleep 0.2
      done
      [ -d "$w" ] || exit 0
      if mkdir "$w/claimed" 2>/dev/null; then
        echo watchdog > "$w/claimed/by"
        dest() { timeout 20 ssh -F /dev/null -o BatchMode=yes -o ControlPath="$w/ctl" x "$@" </dev/null >/dev/null 2>&1; }
        if [ -S "$w/ctl" ]; then
          dest runc delete --force "$ct"
          [ "$shared" = yes ] || dest rm -rf "/var/lib/ferry/containers/$ct"
          dest rm -rf "$w"
          dest sed -i "/$keytag\\$/d" .ssh/authorized_keys
          ssh -o ControlPath="$w/ctl" -O exit x >/dev/null 2>&1
        fi
        if [ "$mode" = post-copy ] && [ -f "$w/dump/lazy.pid" ]; then
          kill -KILL -- "-$(cat "$w/dump/lazy.pid")" 2>/dev/null; sleep 0.2
        fi
        st=$(runc state "$ct" 2>/dev/null | sed -n 's/.*"status": *"\\([a-z]*\\)".*/\\1/p')
        case "$st" in
          paused) runc resume "$ct" ;;
          running) ;;
          *) runc restore -d --image-path "$w/img" --work-path "$w/watchdog" --bundle "$bundle" --tcp-established "$ct" \\
               </dev/null >/dev/null 2>"$w/watchdog.err" ;;
        esac
        echo "$(date +%s) took $ct back: $(runc state "$ct" 2>/dev/null | grep -o '"status": *"[a-z]*"')" > "$w/watchdog.log"
      else
        sleep 1
        [ "$(cat "$w/claimed/by" 2>/dev/null)" = destination ] || exit 0
        runc delete --force "$ct" 2>/dev/null
        [ "$shared" = yes ] || rm -rf "$bundle"
      fi
      rm -f "$w/key" "$w/key.pub"
      rmdir "$lock" 2>/dev/null
      exit 0
      """;

  private static final String START = """
      script=$1; shift
      setsid sh -c "$script" watchdog "$@" </dev/null >/dev/null 2>&1 &
      echo $!
      """;

  private static final String CLAIM = "mkdir \"$1/claimed\" 2>/dev/null && echo destination > \"$1/claimed/by\"";

  private SourceWatchdog() {}

  /** Starts the watchdog on the source; it acts {@code deadline} from now unless the migration finished. */
  static void start(RemoteHost source, ContainerName ct, String work, Duration deadline, String bundle, Strategy strategy,
      String lock, String keyTag, boolean sharedStorage) {
    Command c = Command.script(START, SCRIPT, ct.value(), work, Long.toString(deadline.toSeconds()), bundle, strategy.label(), lock, keyTag,
        sharedStorage ? "yes" : "no");
    source.exec(c).orThrow(source.name(), c);
  }

  /** Claims the container for the destination; false if the watchdog already took it back. */
  static boolean claimForDestination(RemoteHost source, String work) {
    return source.exec(Command.script(CLAIM, work)).ok();
  }
}
