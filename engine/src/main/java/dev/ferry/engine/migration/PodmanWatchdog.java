package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;

/**
 * The source's watchdog for a Podman container's migration ({@link PodmanOps}), acting on the same
 * lease and the same decision file as the runc one ({@link SourceWatchdog}), with Podman's own ways
 * back: a Podman original is not paused but checkpointed (exited, its checkpoint kept beside it), so
 * the way back is {@code podman container restore} on the source. Once the lease has lapsed it records
 * "source" unless a decision exists, then acts on the decision it reads:
 * <ul>
 *   <li>"source": it removes the destination's copy through the migration's SSH master connection, then
 *       restores the original. If it cannot reach the destination and the destination's restore may have
 *       begun (the {@code restoring} mark, written before it), it restores nothing: two running copies are
 *       worse than one checkpointed one, which {@link MigrationRecovery} restores once it has asked both
 *       hosts.</li>
 *   <li>"destination": once the destination's copy is seen running, it removes the original.</li>
 * </ul>
 * The scripts that act on each host are shared with {@link MigrationRecovery}. It logs to
 * {@code /var/lib/ferry/log/migration-ID.log}, as the runc one does.
 */
final class PodmanWatchdog {
  /** Written on the source before the destination's restore begins: from then on a copy may run there. */
  static final String RESTORING = "restoring";

  private static final String WITH_NETNS_DELETE = "NETNS_DELETE=" + SourceWatchdog.shellLiteral(ContainerNetwork.DELETE) + "\n";

  // On the destination: $1 ct, $2 Podman id of the original, $3 work, $4 journal, $5 netns made for the copy.
  // Only the copy this migration restored goes (Podman keeps the id on import); a container that took the name there meanwhile stays.
  static final String DESTINATION_UNDO = WITH_NETNS_DELETE + """
      ct=$1; id=$2; w=$3; j=$4; ns=$5
      [ "$(podman container inspect --format '{{.Id}}' -- "$ct" 2>/dev/null)" = "$id" ] \\
        && { podman container rm --force --time 0 -- "$ct" >/dev/null || exit 1; }
      [ -n "$ns" ] && sh -c "$NETNS_DELETE" delete "$ns"
      rm -rf "$w" "$j"
      l="/var/lib/ferry/locks/$ct"; grep -q -F -e "migration ${j##*/} " "$l/owner.json" 2>/dev/null && rm -rf "$l"
      true
      """;

  // On the destination, after the decision "destination": exit 3 unless its copy runs; then the migration's remains go.
  static final String DESTINATION_FINISH = """
      ct=$1; id=$2; w=$3; j=$4
      [ "$(podman container inspect --format '{{.Id}} {{.State.Status}}' -- "$ct" 2>/dev/null)" = "$id running" ] || exit 3
      rm -rf "$w" "$j"
      l="/var/lib/ferry/locks/$ct"; grep -q -F -e "migration ${j##*/} " "$l/owner.json" 2>/dev/null && rm -rf "$l"
      true
      """;

  // On the source: $1 ct, $2 id, $3 the exported checkpoint. Restores the original from the checkpoint Podman kept beside it,
  // or from the export if Podman no longer knows the container; prints its state after.
  static final String SOURCE_RESUME = """
      ct=$1; id=$2; archive=$3
      s=$(podman container inspect --format '{{.Id}} {{.State.Status}}' -- "$ct" 2>/dev/null)
      case $s in
        "$id running") ;;
        "$id "*) podman container restore --tcp-established -- "$ct" >/dev/null || exit 1 ;;
        "") [ -f "$archive" ] || { echo "Podman knows no $ct and its checkpoint $archive is gone" >&2; exit 1; }
            podman container restore --tcp-established --import "$archive" >/dev/null || exit 1 ;;
        *) echo "the name $ct belongs to another container now ($s)" >&2; exit 1 ;;
      esac
      podman container inspect --format '{{.State.Status}}' -- "$ct"
      """;

  // On the source, once the destination's copy runs: $1 ct, $2 id, $3 work, $4 netns.
  static final String SOURCE_FINISH = WITH_NETNS_DELETE + """
      ct=$1; id=$2; w=$3; ns=$4
      [ "$(podman container inspect --format '{{.Id}}' -- "$ct" 2>/dev/null)" = "$id" ] \\
        && { podman container rm --force --time 0 -- "$ct" >/dev/null || exit 1; }
      [ -n "$ns" ] && sh -c "$NETNS_DELETE" delete "$ns"
      rm -rf "$w"
      true
      """;

  private static final String SCRIPT = """
      j=$1; ct=$2; id=$3; w=$4; ns=$5; lock=$6; token=$7; timeout=$8; logf=$9
      undo=${10}; finish=${11}; resume=${12}; finsrc=${13}; destns=${14}
      archive="$w/img/checkpoint.tar"
      """ + SourceWatchdog.AWAIT_LAPSE + """
      dest() {
        [ -S "$w/ctl" ] || return 1
        printf '%s' "$1" | timeout 60 ssh -F /dev/null -o BatchMode=yes -o ControlPath="$w/ctl" x \\
          sh -s "$ct" "$id" "$w" "$j" "$destns" >/dev/null 2>&1
      }
      reached=no
      if [ "$d" = source ]; then
        log "lease not renewed for $(age) s: decision 'source' for the Podman container $ct"
        if dest "$undo"; then reached=yes; log "removed the copy from the destination"
        elif [ -e "$j/restoring" ]; then
          log "could not reach the destination, whose restore may have begun: the original stays checkpointed until 'ferry recover' asks both hosts"
          exit 0
        else log "could not reach the destination, which never restored a copy: its leftovers wait for 'ferry recover'"; fi
        if st=$(sh -c "$resume" resume "$ct" "$id" "$archive" 2>>"$logf"); then log "$ct here: $st"
        else log "could not restore the original from its checkpoint: it is kept in $archive"; exit 0; fi
      elif [ "$d" = destination ]; then
        log "decision 'destination' and the client's lease lapsed: finishing the source's clean-up"
        if dest "$finish"; then reached=yes; log "the destination's copy runs"
        else
          log "could not see the destination's copy running: the original stays here, checkpointed, the way back, until 'ferry recover' asks both hosts"
          exit 0
        fi
        sh -c "$finsrc" finish "$ct" "$id" "$w" "$ns" 2>>"$logf" && log "removed the original of $ct"
      fi
      ssh -o ControlPath="$w/ctl" -O exit x >/dev/null 2>&1
      rm -rf "$w"
      grep -q -F -e "$token" "$lock/owner.json" 2>/dev/null && rm -rf "$lock"
      if [ $reached = yes ]; then rm -rf "$j"; else touch "$j/resolved-here"; fi
      exit 0
      """;

  private static final String START = """
      script=$1; shift
      setsid sh -c "$script" watchdog "$@" </dev/null >/dev/null 2>&1 &
      echo $!
      """;

  private PodmanWatchdog() {}

  /** What the watchdog needs to know: netns is the original's named namespace here, destinationNetns the one made for the copy. */
  record Params(String migrationId, ContainerName ct, String containerId, String work, String netns, String destinationNetns,
      String lockToken) {}

  static void start(RemoteHost source, Params p) {
    String revoke = "revoke() {\n" + AuthorizedKeys.REVOKE + "\n}\n( revoke \"ferry-migration-${j##*/}\" )\n";
    Command c = Command.script(START, SCRIPT, MigrationJournal.dir(p.migrationId()), p.ct().value(), p.containerId(), p.work(), p.netns(),
        ContainerLock.path(p.ct()), p.lockToken(), Long.toString(Lease.TIMEOUT.toSeconds()),
        SourceWatchdog.LOG_DIR + "/migration-" + p.migrationId() + ".log", DESTINATION_UNDO + revoke, DESTINATION_FINISH + revoke,
        SOURCE_RESUME, SOURCE_FINISH, p.destinationNetns());
    source.exec(c, Duration.ofSeconds(20)).orThrow(source.name(), c);
  }
}
