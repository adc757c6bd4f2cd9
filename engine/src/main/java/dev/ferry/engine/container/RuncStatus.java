package dev.ferry.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.time.Duration;

/**
 * What {@code runc state} says about one container on one host: its status word and init pid, read
 * from runc's JSON with the engine's mapper, the one place the engine reads it. {@link #ABSENT} when
 * runc does not know the container; {@link #UNKNOWN} when the host could not be asked (an unanswered
 * question is never taken as "not there").
 *
 * <p>Scripts that must act on the status on the host itself, within one round trip (the watchdog, the
 * resume loop during a freeze), use {@link #SHELL_FUNCTION} instead: one extraction, tested against
 * runc's own output in {@code RuncStatusTest}. jq would read it better but is not on every host.
 */
public record RuncStatus(String status, long pid) {
  public static final String ABSENT = "absent";
  public static final String UNKNOWN = "unknown";
  public static final String RUNNING = "running";
  public static final String PAUSED = "paused";
  public static final String STOPPED = "stopped";

  /**
   * A shell function {@code runc_status ID} that prints the container's status word, or nothing when
   * runc does not know it. runc prints its state with two-space indentation (Go's MarshalIndent), so a
   * top-level {@code "status"} is the one at exactly two spaces, never one inside the annotations.
   */
  public static final String SHELL_FUNCTION =
      "runc_status() { runc state \"$1\" 2>/dev/null | sed -n 's/^  \"status\": \"\\([a-z]*\\)\",\\{0,1\\}$/\\1/p'; }\n";

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  // runc prints "container does not exist" (exit 1) for an id it does not know; a lost connection shows as another error.
  private static final String STATE = "out=$(runc state \"$1\" 2>&1) && { printf '%s' \"$out\"; exit 0; };"
      + " case $out in *'does not exist'*|*'not exist'*) exit 3 ;; esac; printf '%s' \"$out\" >&2; exit 1";

  /** Asks the host's runc; {@link #UNKNOWN} if the host cannot answer. */
  public static RuncStatus of(RemoteHost host, ContainerName ct) {
    ExecResult r;
    try {
      r = host.exec(Command.script(STATE, ct.value()), TIMEOUT);
    } catch (RuntimeException e) {
      return new RuncStatus(UNKNOWN, 0);
    }
    if (r.exitCode() == 3) {
      return new RuncStatus(ABSENT, 0);
    }
    if (!r.ok()) {
      return new RuncStatus(UNKNOWN, 0);
    }
    return parse(r.stdout());
  }

  /** Reads {@code runc state}'s JSON; {@link #UNKNOWN} if it is not that. */
  public static RuncStatus parse(String json) {
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      return n == null || !n.isObject() ? new RuncStatus(UNKNOWN, 0) : new RuncStatus(n.path("status").asText(UNKNOWN), n.path("pid").asLong(0));
    } catch (IOException e) {
      return new RuncStatus(UNKNOWN, 0);
    }
  }

  public boolean running() {
    return status.equals(RUNNING);
  }

  public boolean paused() {
    return status.equals(PAUSED);
  }

  public boolean absent() {
    return status.equals(ABSENT);
  }

  public boolean known() {
    return !status.equals(UNKNOWN);
  }
}
