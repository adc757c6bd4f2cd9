package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerLock;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.FerryPaths;
import dev.ferry.engine.container.RuncCommands;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds migrations that were interrupted (the client was killed, a host restarted) in the journals
 * of the hosts it is given, and finishes or undoes each according to the decision on its source: no
 * decision and the lease lapsed -> records "source" and undoes (the destination's copy removed, the
 * paused original released and resumed); "destination" -> finishes once the destination's copy is
 * seen running (released, the original removed), or, if that copy died with its host, resumes the
 * original the source kept ({@link #afterDestination}). A migration whose lease is still renewed is left alone. With only one host,
 * it does what that host allows and says what is left for the other. Then it sweeps: migration keys
 * and work folders that no live migration owns. Each action says what was found and what was done.
 */
public final class MigrationRecovery {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final String SWEEP_WORK = """
      journal=$1; work=$2; age=$3
      for w in "$work"/*-*; do
        [ -f "$w/.migration" ] || continue
        id=$(cat "$w/.migration")
        [ -d "$journal/$id" ] && continue
        [ $(( $(date +%s) - $(stat -c %Y "$w") )) -gt "$age" ] || continue
        ssh -o ControlPath="$w/ctl" -O exit x >/dev/null 2>&1
        rm -rf "$w" && echo "removed the leftover work folder $w"
      done
      true
      """;

  private static final String UNDO_SOURCE = """
      j=$1; ct=$2; w=$3; lock=$4; id=$5; release=$6; abortlazy=$7
      [ -f "$w/dump/lazy.pid" ] && sh -c "$abortlazy" abort "$w/dump"
      if [ -f "$j/hold" ]; then sh -c "$release" release "$(cat "$j/hold")" "$j" >/dev/null 2>&1; rm -f "$j/hold"; fi
      runc resume "$ct" 2>/dev/null
      ssh -o ControlPath="$w/ctl" -O exit x >/dev/null 2>&1
      rm -rf "$w"
      grep -q -F -e "migration $id " "$lock/owner.json" 2>/dev/null && rm -rf "$lock"
      runc state "$ct" >/dev/null 2>&1 && echo present
      true
      """;

  private static final String FINISH_SOURCE = """
      j=$1; ct=$2; w=$3; lock=$4; id=$5; bundle=$6; shared=$7; ns=$8
      runc delete --force "$ct" 2>/dev/null
      [ "$shared" = yes ] || rm -rf "$bundle"
      [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
      [ -f "$j/forget" ] && sh "$j/forget"
      ssh -o ControlPath="$w/ctl" -O exit x >/dev/null 2>&1
      rm -rf "$w"
      grep -q -F -e "migration $id " "$lock/owner.json" 2>/dev/null && rm -rf "$lock"
      true
      """;

  /** On the destination, after its copy died with it: everything of the migration but the container's files. */
  private static final String DIED_ON_DESTINATION = """
      ct=$1; w=$2; j=$3; lock=$4; id=$5
      runc delete --force "$ct" 2>/dev/null
      rm -rf "$w" "$j"
      grep -q -F -e "migration $id " "$lock/owner.json" 2>/dev/null && rm -rf "$lock"
      true
      """;

  private static final String CLEAR_DESTINATION_LOCK = """
      grep -q -F -e "migration $2 " "$1/owner.json" 2>/dev/null && rm -rf "$1"; true
      """;

  private MigrationRecovery() {}

  /** Recovers what one host's journal allows; what needs the other host is reported, not guessed. */
  public static List<RecoveryAction> recover(RemoteHost host) {
    return recoverAll(List.of(host));
  }

  /** Recovers the migrations between two hosts (either may be the source). */
  public static List<RecoveryAction> recover(RemoteHost a, RemoteHost b) {
    return recoverAll(List.of(a, b));
  }

  public static List<RecoveryAction> recoverAll(List<? extends RemoteHost> hosts) {
    return recover(hosts, hosts.stream().map(RemoteHost::name).toList());
  }

  /**
   * What a newly connected host needs: the migrations it took part in, each resolved with whichever of
   * {@code peers} (hosts already connected) was its other side, and a sweep of that host alone. The
   * peers' own migrations among themselves were resolved when they connected.
   */
  public static List<RecoveryAction> recoverWith(RemoteHost host, List<? extends RemoteHost> peers) {
    List<RemoteHost> hosts = new ArrayList<>(List.of(host));
    peers.stream().filter(p -> !p.name().equals(host.name())).forEach(hosts::add);
    return recover(hosts, List.of(host.name()));
  }

  /** Resolves the migrations found on {@code hosts} in which one of {@code focus} took part, then sweeps {@code focus}. */
  private static List<RecoveryAction> recover(List<? extends RemoteHost> hosts, List<String> focus) {
    List<RecoveryAction> out = new ArrayList<>();
    Map<String, Map<String, MigrationJournal.Found>> byId = new LinkedHashMap<>();
    Map<String, RemoteHost> byName = new LinkedHashMap<>();
    for (RemoteHost h : hosts) {
      byName.put(h.name(), h);
      try {
        for (MigrationJournal.Found f : MigrationJournal.list(h)) {
          byId.computeIfAbsent(f.entry().id(), k -> new LinkedHashMap<>()).put(h.name(), f);
        }
      } catch (RuntimeException e) {
        out.add(new RecoveryAction("", "", h.name(), "could not read the migration journal: " + e.getMessage(), "nothing done there"));
      }
    }
    for (var e : byId.entrySet()) {
      MigrationJournal.Entry any = e.getValue().values().iterator().next().entry();
      if (focus.contains(any.source()) || focus.contains(any.destination())) {
        out.addAll(resolve(e.getKey(), e.getValue(), byName));
      }
    }
    for (RemoteHost h : hosts) {
      if (focus.contains(h.name())) {
        out.addAll(sweep(h));
      }
    }
    return out;
  }

  private static List<RecoveryAction> resolve(String id, Map<String, MigrationJournal.Found> found, Map<String, RemoteHost> hosts) {
    List<RecoveryAction> out = new ArrayList<>();
    MigrationJournal.Entry any = found.values().iterator().next().entry();
    String ct = any.container();
    for (var f : found.entrySet()) {
      if (f.getValue().leaseAgeSeconds() <= Lease.TIMEOUT.toSeconds()) {
        out.add(new RecoveryAction(id, ct, f.getKey(), "in progress (its lease was renewed " + f.getValue().leaseAgeSeconds() + " s ago)",
            "left alone"));
        return out;
      }
    }
    RemoteHost src = hosts.get(any.source());
    RemoteHost dst = hosts.get(any.destination());
    MigrationJournal.Found atSource = found.get(any.source());
    MigrationJournal.Found atDestination = found.get(any.destination());
    Decision d;
    if (atSource != null && src != null) {
      try {
        d = MigrationJournal.decide(src, id, Decision.SOURCE, Lease.TIMEOUT);
      } catch (Decision.Unclear u) {
        out.add(new RecoveryAction(id, ct, any.source(), "interrupted, but its decision could not be read: " + u.getMessage(), "nothing done"));
        return out;
      }
    } else if (src != null && atDestination != null) {
      // The source has no journal of it: the source resolved its side, or the client died before writing it (it writes the
      // destination's first). Either way no restore was ever allowed to hand over without the source's decision file.
      d = atDestination.entry().phase().equals("locked") ? Decision.SOURCE : Decision.NONE;
      if (d == Decision.NONE) {
        d = heldCopy(dst, id) ? Decision.SOURCE : Decision.DESTINATION;
      }
    } else {
      out.add(new RecoveryAction(id, ct, found.keySet().iterator().next(), "interrupted; the decision is on " + any.source()
          + ", which was not asked", "left as it is (a destination copy stays held, taking no traffic): run './ferry recover "
          + any.source() + " " + any.destination() + "'"));
      return out;
    }
    if (any.podman()) {
      resolvePodman(id, d, src, dst, atSource, atDestination, out);
      return out;
    }
    if (d == Decision.DESTINATION) {
      afterDecisionDestination(id, ct, src, dst, atSource, atDestination, out);
      return out;
    }
    boolean destinationDone = dst != null && (atDestination == null || undoDestination(dst, atDestination.entry(), out));
    if (dst == null) {
      out.add(new RecoveryAction(id, ct, any.destination(), "not asked", "run './ferry recover " + any.destination() + " " + any.source()
          + "' to finish there"));
    }
    if (atSource != null && src != null) {
      out.add(resumeOriginal(src, atSource.entry(), "interrupted (lease lapsed " + atSource.leaseAgeSeconds() + " s ago); decision 'source'",
          ""));
      if (destinationDone) {
        MigrationJournal.remove(src, id);
      }
    }
    return out;
  }

  /**
   * The decision was "destination", but the original on the source is removed only once the
   * destination's copy is seen running: until then it is the container's way back. If the copy died
   * with its host (a power cut after the hand-over) while the source still holds the paused original,
   * the original is resumed, as it was at the freeze. If neither holds it any more, it died with the
   * destination: what is left of the migration goes, the destination's files stay, and the words say
   * how to start it again.
   */
  private static void afterDecisionDestination(String id, String ct, RemoteHost src, RemoteHost dst, MigrationJournal.Found atSource,
      MigrationJournal.Found atDestination, List<RecoveryAction> out) {
    ContainerName name = ContainerName.of(ct);
    MigrationJournal.Entry e = (atDestination != null ? atDestination : atSource).entry();
    RuncState there = dst == null ? new RuncState(RuncState.UNKNOWN, 0) : RuncState.of(dst, name);
    RuncState original = src == null ? new RuncState(RuncState.UNKNOWN, 0) : RuncState.of(src, name);
    String dName = dst == null ? e.destination() : dst.name();
    switch (afterDestination(there, original, atSource != null)) {
      case FINISH -> {
        boolean destinationDone = atDestination == null || finishDestination(dst, atDestination.entry(), out);
        if (atSource != null) {
          finishSource(src, atSource.entry(), "interrupted after the decision 'destination'; its copy runs on " + dst.name(),
              "removed the paused original and its files", out);
          if (destinationDone) {
            MigrationJournal.remove(src, id);
          }
        }
        return;
      }
      case ASK_DESTINATION -> {
        out.add(new RecoveryAction(id, ct, dName, "the decision is 'destination', but whether its copy runs there could not be asked",
            (original.paused() ? "the original stays paused on " + e.source() + ", the way back" : "nothing done") + ": run './ferry recover "
                + e.source() + " " + e.destination() + "' once both answer"));
        return;
      }
      case ASK_SOURCE -> {
        out.add(new RecoveryAction(id, ct, dName, "its copy is " + there.status() + " after the decision 'destination', but "
            + e.source() + " could not be asked whether it still holds the original", "left as it is: run './ferry recover " + e.source()
            + " " + e.destination() + "' once both answer"));
        return;
      }
      case RESUME_ORIGINAL -> {
        boolean removed = undoDestination(dst, e, "its copy is " + there.status() + " after the decision 'destination' (it died"
            + " after taking over: did the host restart?)", out);
        out.add(resumeOriginal(src, atSource.entry(), "its copy on " + dst.name() + " died after the hand-over; the original was kept paused",
            " (as it was at the freeze: what it did on " + dst.name() + " since is lost)"));
        if (removed) {
          MigrationJournal.remove(src, id);
        }
        return;
      }
      case DIED_WITH_DESTINATION -> diedWithDestination(id, ct, src, dst, atSource, e, there, out);
    }
  }

  /** Neither host holds a live copy: it died with the destination. Its files there are the newest; they stay. */
  private static void diedWithDestination(String id, String ct, RemoteHost src, RemoteHost dst, MigrationJournal.Found atSource,
      MigrationJournal.Entry e, RuncState there, List<RecoveryAction> out) {
    ContainerName name = ContainerName.of(ct);
    Command c = Command.script(DIED_ON_DESTINATION, ct, e.work(), MigrationJournal.dir(id), ContainerLock.path(name), id);
    ExecResult r = dst.exec(c, TIMEOUT);
    dst.exec(Command.script(AuthorizedKeys.REVOKE, "ferry-migration-" + id), TIMEOUT);
    out.add(new RecoveryAction(id, ct, dst.name(), ct + " died with " + dst.name() + " after it had taken it over (runc: " + there.status()
        + "), and " + e.source() + " holds no original any more", r.ok() ? "removed what the migration left; its files stay in " + e.bundle()
        + ": start it again there with 'runc run -d -b " + e.bundle() + " " + ct + "' (it starts afresh: its memory is lost)"
        : "could not clean up: " + r.stderr().strip()));
    if (atSource != null && src != null) {
      finishSource(src, atSource.entry(), "interrupted after the decision 'destination'", "removed the migration's remains and the old files",
          out);
      if (r.ok()) {
        MigrationJournal.remove(src, id);
      }
    }
  }

  /** What a recovery does after the decision "destination", from what each host's runc says. */
  enum AfterDestination {
    /** The destination's copy runs: release it if held, then remove the original. */
    FINISH,
    /** The destination cannot say whether its copy runs: touch nothing, the original stays the way back. */
    ASK_DESTINATION,
    /** Its copy is not running, but the source cannot say whether it holds the original: touch nothing. */
    ASK_SOURCE,
    /** Its copy died (its host restarted) and the source holds the paused original: remove the dead copy, resume the original. */
    RESUME_ORIGINAL,
    /** Neither holds a live copy: it died with the destination; clean up, keep the destination's files. */
    DIED_WITH_DESTINATION
  }

  static AfterDestination afterDestination(RuncState there, RuncState original, boolean sourceJournal) {
    if (there.running()) {
      return AfterDestination.FINISH;
    }
    if (!there.known()) {
      return AfterDestination.ASK_DESTINATION;
    }
    if (!original.known()) {
      return AfterDestination.ASK_SOURCE;
    }
    return sourceJournal && (original.paused() || original.running()) ? AfterDestination.RESUME_ORIGINAL
        : AfterDestination.DIED_WITH_DESTINATION;
  }

  private static RecoveryAction resumeOriginal(RemoteHost src, MigrationJournal.Entry e, String found, String note) {
    Command c = Command.script(UNDO_SOURCE, MigrationJournal.dir(e.id()), e.container(), e.work(), ContainerLock.path(ContainerName.of(e.container())),
        e.id(), NetworkHold.RELEASE, RuncCommands.abortLazyCheckpointScript());
    ExecResult r = src.exec(c, TIMEOUT);
    RuncState st = RuncState.of(src, ContainerName.of(e.container()));
    return new RecoveryAction(e.id(), e.container(), src.name(), found,
        r.ok() ? "released and resumed the original: it is " + st.status() + note : "could not finish: " + r.stderr().strip());
  }

  private static void finishSource(RemoteHost src, MigrationJournal.Entry e, String found, String done, List<RecoveryAction> out) {
    Command c = Command.script(FINISH_SOURCE, MigrationJournal.dir(e.id()), e.container(), e.work(),
        ContainerLock.path(ContainerName.of(e.container())), e.id(), e.bundle(), e.sharedStorage() ? "yes" : "no", e.netns());
    ExecResult r = src.exec(c, TIMEOUT);
    out.add(new RecoveryAction(e.id(), e.container(), src.name(), found, r.ok() ? done : "could not finish: " + r.stderr().strip()));
  }

  private static boolean heldCopy(RemoteHost dst, String id) {
    return dst.exec(Command.of("test", "-f", MigrationJournal.dir(id) + "/hold")).ok();
  }

  private static boolean undoDestination(RemoteHost dst, MigrationJournal.Entry e, List<RecoveryAction> out) {
    return undoDestination(dst, e, "a copy from an interrupted migration (decision 'source')", out);
  }

  private static boolean undoDestination(RemoteHost dst, MigrationJournal.Entry e, String found, List<RecoveryAction> out) {
    Command c = Command.script(SourceWatchdog.DESTINATION_UNDO, e.container(), e.bundle(), e.sharedStorage() ? "yes" : "no", e.work(),
        "ferry-migration-" + e.id(), MigrationJournal.dir(e.id()), e.netns());
    ExecResult r = dst.exec(c, TIMEOUT);
    dst.exec(Command.script(AuthorizedKeys.REVOKE, "ferry-migration-" + e.id()), TIMEOUT);
    dst.exec(Command.script(CLEAR_DESTINATION_LOCK, ContainerLock.path(ContainerName.of(e.container())), e.id()), TIMEOUT);
    out.add(new RecoveryAction(e.id(), e.container(), dst.name(), found, r.ok() ? "removed it and its files" : "could not remove it: " + r.stderr().strip()));
    return r.ok();
  }

  private static boolean finishDestination(RemoteHost dst, MigrationJournal.Entry e, List<RecoveryAction> out) {
    String dj = MigrationJournal.dir(e.id());
    String target = dst.exec(Command.script("cat \"$1/hold\" 2>/dev/null; true", dj)).stdout().strip();
    boolean ok = true;
    if (!target.isEmpty()) {
      ok = dst.exec(Command.script(NetworkHold.RELEASE, target, dj), TIMEOUT).ok();
    }
    if (ok) {
      dst.exec(Command.of("rm", "-rf", dj, e.work()), TIMEOUT);
      dst.exec(Command.script(AuthorizedKeys.REVOKE, "ferry-migration-" + e.id()), TIMEOUT);
      dst.exec(Command.script(CLEAR_DESTINATION_LOCK, ContainerLock.path(ContainerName.of(e.container())), e.id()), TIMEOUT);
    }
    out.add(new RecoveryAction(e.id(), e.container(), dst.name(), "the container's copy after the decision 'destination'",
        ok ? (target.isEmpty() ? "nothing held; removed the journal" : "released its network: it takes traffic now") : "could not release it"));
    return ok;
  }

  /**
   * A Podman container's interrupted migration, with the scripts its watchdog uses ({@link PodmanWatchdog}): the original is
   * checkpointed (exited), not paused. "destination": once the copy is seen running the original goes; a copy that is not
   * running is removed and the original restored. "source": the copy goes, then the original is restored; if the destination
   * cannot be asked and its restore may have begun, nothing is restored (two running copies are worse than a checkpointed one).
   */
  private static void resolvePodman(String id, Decision d, RemoteHost src, RemoteHost dst, MigrationJournal.Found atSource,
      MigrationJournal.Found atDestination, List<RecoveryAction> out) {
    MigrationJournal.Entry e = (atSource != null ? atSource : atDestination).entry();
    String ct = e.container();
    String destNetns = atDestination != null ? atDestination.entry().netns() : e.netns();
    String journal = MigrationJournal.dir(id);
    if (d == Decision.DESTINATION) {
      ExecResult fin = dst == null ? null : safeExec(dst, Command.script(PodmanWatchdog.DESTINATION_FINISH, ct, e.containerId(), e.work(),
          journal));
      if (fin != null && fin.ok()) {
        revokeAndUnlock(dst, e);
        out.add(new RecoveryAction(id, ct, dst.name(), "the Podman container's copy runs after the decision 'destination'",
            "removed the migration's remains there"));
        if (atSource != null && src != null) {
          ExecResult r = src.exec(Command.script(PodmanWatchdog.SOURCE_FINISH, ct, e.containerId(), e.work(), e.netns()), TIMEOUT);
          out.add(new RecoveryAction(id, ct, src.name(), "interrupted after the decision 'destination'; its copy runs on " + dst.name(),
              r.ok() ? "removed the checkpointed original" : "could not remove the original: " + r.stderr().strip()));
          if (r.ok()) {
            src.exec(Command.script(CLEAR_DESTINATION_LOCK, ContainerLock.path(ContainerName.of(ct)), id), TIMEOUT);
            MigrationJournal.remove(src, id);
          }
        }
        return;
      }
      if (fin == null || fin.exitCode() != 3 || src == null || atSource == null) {
        out.add(new RecoveryAction(id, ct, e.destination(), "the decision is 'destination', but whether the Podman container's copy runs"
            + " there could not be asked", "the original stays checkpointed on " + e.source() + ", the way back: run './ferry recover "
            + e.source() + " " + e.destination() + "' once both answer"));
        return;
      }
    }
    boolean destinationDone = true;
    if (dst != null && atDestination != null) {
      ExecResult r = safeExec(dst, Command.script(PodmanWatchdog.DESTINATION_UNDO, ct, e.containerId(), e.work(), journal, destNetns));
      destinationDone = r != null && r.ok();
      if (destinationDone) {
        revokeAndUnlock(dst, e);
      }
      out.add(new RecoveryAction(id, ct, dst.name(), "a copy from an interrupted migration (decision '" + d.word() + "')",
          destinationDone ? "removed it and its files" : "could not remove it" + (r == null ? "" : ": " + r.stderr().strip())));
    } else if (dst == null) {
      destinationDone = false;
      out.add(new RecoveryAction(id, ct, e.destination(), "not asked", "run './ferry recover " + e.destination() + " " + e.source()
          + "' to finish there"));
    }
    if (atSource == null || src == null) {
      return;
    }
    boolean mayHaveCopy = src.exec(Command.of("test", "-e", journal + "/" + PodmanWatchdog.RESTORING), TIMEOUT).ok();
    if (!destinationDone && mayHaveCopy) {
      out.add(new RecoveryAction(id, ct, src.name(), "interrupted (decision '" + d.word() + "') after the restore on " + e.destination()
          + " began, which could not be undone", "the original stays checkpointed: run './ferry recover " + e.source() + " "
          + e.destination() + "' once both answer"));
      return;
    }
    ExecResult r = src.exec(Command.script(PodmanWatchdog.SOURCE_RESUME, ct, e.containerId(), e.work() + "/img/checkpoint.tar"), TIMEOUT);
    if (r.ok()) {
      src.exec(Command.of("rm", "-rf", e.work()), TIMEOUT);
      src.exec(Command.script(CLEAR_DESTINATION_LOCK, ContainerLock.path(ContainerName.of(ct)), id), TIMEOUT);
      if (destinationDone) {
        MigrationJournal.remove(src, id);
      }
    }
    out.add(new RecoveryAction(id, ct, src.name(), "interrupted (lease lapsed " + atSource.leaseAgeSeconds() + " s ago); decision '"
        + d.word() + "'", r.ok() ? "restored the original from its checkpoint: it is " + r.stdout().strip()
        : "could not restore it: " + r.stderr().strip() + "; its checkpoint is kept in " + e.work() + "/img/checkpoint.tar"));
  }

  private static void revokeAndUnlock(RemoteHost dst, MigrationJournal.Entry e) {
    dst.exec(Command.script(AuthorizedKeys.REVOKE, "ferry-migration-" + e.id()), TIMEOUT);
    dst.exec(Command.script(CLEAR_DESTINATION_LOCK, ContainerLock.path(ContainerName.of(e.container())), e.id()), TIMEOUT);
  }

  /** Removes migration keys and work folders that no live migration on this host owns. */
  static List<RecoveryAction> sweep(RemoteHost h) {
    List<RecoveryAction> out = new ArrayList<>();
    for (Optional<ExecResult> r : List.of(
        Optional.ofNullable(safeExec(h, Command.script(AuthorizedKeys.SWEEP, MigrationJournal.FOLDER))),
        Optional.ofNullable(safeExec(h, Command.script(SWEEP_WORK, MigrationJournal.FOLDER, FerryPaths.WORK, Long.toString(Lease.TIMEOUT.toSeconds())))))) {
      r.ifPresent(x -> x.stdout().lines().filter(l -> !l.isBlank())
          .forEach(l -> out.add(new RecoveryAction("", "", h.name(), "sweep", l.strip()))));
    }
    return out;
  }

  private static ExecResult safeExec(RemoteHost h, Command c) {
    try {
      return h.exec(c, TIMEOUT);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
