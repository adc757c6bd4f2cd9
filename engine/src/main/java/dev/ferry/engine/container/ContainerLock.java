package dev.ferry.engine.container;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Ferry's operations on one container apart on one host: a migration, a named checkpoint and
 * a restore of the same container never run at once. The lock is a folder under
 * {@link FerryPaths#LOCKS}, made with {@code mkdir} (atomic on the host, so it also holds between two
 * Ferry clients), holding {@code owner.json}: who took it (client, host, pid, operation) and after how
 * long without renewal it counts as abandoned. Its age is that file's modification time, which the
 * holder renews ({@link #renew}, with a migration's lease). A stale lock is taken over under a second
 * {@code mkdir} (the take-over folder), after checking again that nobody renewed it meanwhile. A
 * {@code mkdir} that fails for another reason (disk full, permissions) is reported as what it is.
 */
public final class ContainerLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerLock.class);
  /** Exit code of the scripts when the lock is held by someone else. */
  private static final int BUSY = 3;
  // A lock from before owners existed (or a crash between mkdir and writing the owner): its folder's
  // age is all there is, so it is only taken over once no operation could still be running.
  private static final long OWNERLESS_STALE_SECONDS = 3600;

  private static final String TAKE = """
      locks=$1; d="$1/$2"; owner=$3
      err=$(mkdir -p "$locks" 2>&1) || { echo "cannot create $locks: $err" >&2; exit 4; }
      if err=$(mkdir "$d" 2>&1); then
        printf '%s\\n' "$owner" > "$d/owner.tmp" && mv -f "$d/owner.tmp" "$d/owner.json" && exit 0
        rm -rf "$d"; echo "cannot write $d/owner.json (disk full?)" >&2; exit 4
      fi
      [ -d "$d" ] || { echo "cannot create $d: $err" >&2; exit 4; }
      f="$d/owner.json"; [ -f "$f" ] || f="$d"
      echo "$(( $(date +%s) - $(stat -c %Y "$f") ))"
      cat "$d/owner.json" 2>/dev/null
      exit 3
      """;

  // Takes a stale lock over: one taker at a time (the take-over folder), and only if the owner seen
  // as stale is still the owner and still not renewed.
  private static final String TAKE_OVER = """
      d="$1/$2"; owner=$3; seen=$4; stale=$5; t="$1/.takeover-$2"
      if [ -d "$t" ] && [ $(( $(date +%s) - $(stat -c %Y "$t") )) -gt 60 ]; then rmdir "$t" 2>/dev/null; fi
      mkdir "$t" 2>/dev/null || exit 3
      trap 'rmdir "$t" 2>/dev/null' EXIT
      f="$d/owner.json"; [ -f "$f" ] || f="$d"
      [ -e "$d" ] || exit 3
      [ "$(cat "$d/owner.json" 2>/dev/null)" = "$seen" ] || exit 3
      [ $(( $(date +%s) - $(stat -c %Y "$f") )) -gt "$stale" ] || exit 3
      rm -rf "$d" && mkdir "$d" || exit 4
      printf '%s\\n' "$owner" > "$d/owner.tmp" && mv -f "$d/owner.tmp" "$d/owner.json" && exit 0
      rm -rf "$d"; exit 4
      """;

  private static final String RENEW = "grep -q -F -e \"$2\" \"$1/owner.json\" 2>/dev/null && touch \"$1/owner.json\"";
  private static final String RELEASE = "grep -q -F -e \"$2\" \"$1/owner.json\" 2>/dev/null && rm -rf \"$1\"; true";

  /**
   * Who holds a lock. {@code token} is unique to one acquisition (renew and release check it);
   * {@code staleAfterSeconds} is how long the lock may go unrenewed before others may take it over.
   */
  public record Owner(String token, String clientId, String clientHost, long pid, String operation, long staleAfterSeconds) {
    /** This JVM as the owner of an operation, stale after {@code staleAfter} without renewal. */
    public static Owner thisClient(String operation, Duration staleAfter) {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown";
      }
      long pid = ProcessHandle.current().pid();
      return new Owner(java.util.UUID.randomUUID().toString(), host + ":" + pid, host, pid, operation, staleAfter.toSeconds());
    }

    String json() {
      try {
        return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The lock could not be taken for a reason other than another holder (disk full, permissions, no connection). */
  public static final class LockException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String advice;

    LockException(String message, String advice) {
      super(message);
      this.advice = advice;
    }

    public String advice() {
      return advice;
    }
  }

  private final RemoteHost host;
  private final ContainerName container;
  private final Owner owner;
  private boolean held = true;

  private ContainerLock(RemoteHost host, ContainerName container, Owner owner) {
    this.host = host;
    this.container = container;
    this.owner = owner;
  }

  /** Takes the lock for a short operation (a checkpoint or restore, not renewed), or returns empty when another holds it. */
  public static Optional<ContainerLock> tryAcquire(RemoteHost host, ContainerName container) {
    return tryAcquire(host, container, Owner.thisClient("checkpoint or restore", Duration.ofHours(1)));
  }

  /**
   * Takes the lock, taking over a stale one; empty when another live operation holds it.
   *
   * @throws LockException when the lock folder cannot be made for another reason
   */
  public static Optional<ContainerLock> tryAcquire(RemoteHost host, ContainerName container, Owner owner) {
    ExecResult r = host.exec(Command.script(TAKE, FerryPaths.LOCKS, container.value(), owner.json()));
    if (r.ok()) {
      return Optional.of(new ContainerLock(host, container, owner));
    }
    if (r.exitCode() != BUSY) {
      throw new LockException("Cannot take the lock of " + container + " on " + host.name() + ": "
          + (r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip()),
          "Check free space and permissions in " + FerryPaths.STORE + " on " + host.name() + ".");
    }
    String[] lines = r.stdout().split("\n", 2);
    long age = parseLong(lines[0]);
    String seen = lines.length > 1 ? lines[1].strip() : "";
    long staleAfter = staleAfter(seen);
    if (age <= staleAfter) {
      return Optional.empty();
    }
    ExecResult t = host.exec(Command.script(TAKE_OVER, FerryPaths.LOCKS, container.value(), owner.json(), seen, Long.toString(staleAfter)));
    if (t.ok()) {
      LOG.warn("took over the lock of {} on {}: its owner ({}) had not renewed it for {} s", container, host.name(),
          seen.isEmpty() ? "unknown" : seen, age);
      return Optional.of(new ContainerLock(host, container, owner));
    }
    return Optional.empty();
  }

  private static long staleAfter(String ownerJson) {
    try {
      return ownerJson.isEmpty() ? OWNERLESS_STALE_SECONDS : Json.MAPPER.readValue(ownerJson, Owner.class).staleAfterSeconds();
    } catch (IOException e) {
      return OWNERLESS_STALE_SECONDS;
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The lock's folder on a host: it exists while an operation holds the container. */
  public static String path(ContainerName container) {
    return FerryPaths.LOCKS + "/" + container.value();
  }

  public Owner owner() {
    return owner;
  }

  /** Renews the lock's age; false when it is no longer ours (taken over as stale) or the host did not answer. */
  public boolean renew() {
    return host.exec(Command.script(RENEW, path(container), owner.token())).ok();
  }

  public static String busyMessage(RemoteHost host, ContainerName container) {
    return "Another migration or checkpoint of " + container + " is already running on " + host.name() + ".";
  }

  public static String busyAdvice(RemoteHost host, ContainerName container) {
    return "Wait for it to finish. A lock whose owner stopped renewing it is taken over on its own once it is stale;"
        + " " + path(container) + "/owner.json on " + host.name() + " says who holds it.";
  }

  /** Releases the lock if it is still ours; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (held) {
      held = false;
      host.exec(Command.script(RELEASE, path(container), owner.token()));
    }
  }
}
