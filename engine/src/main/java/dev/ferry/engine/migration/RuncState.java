package dev.ferry.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.ssh.Command;
import dev.ferry.engine.ssh.ExecResult;
import dev.ferry.engine.ssh.RemoteHost;
import dev.ferry.engine.util.Json;
import java.io.IOException;
import java.time.Duration;

/**
 * What {@code runc state} says about one container on one host, read with the engine's JSON mapper.
 * {@link #ABSENT} when runc does not know it; {@link #UNKNOWN} when the host could not be asked (the
 * difference matters: an unanswered question is never taken as "not there").
 */
record RuncState(String status, long pid) {
  static final String ABSENT = "absent";
  static final String UNKNOWN = "unknown";
  static final String PAUSED = "paused";
  static final String STOPPED = "stopped";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  // runc prints "container does not exist" (exit 1) for an id it does not know; a lost connection shows as another error.
  private static final String STATE = "out=$(runc state \"$1\" 2>&1) && { printf '%s' \"$out\"; exit 0; };"
      + " case $out in *'does not exist'*|*'not exist'*) exit 3 ;; esac; printf '%s' \"$out\" >&2; exit 1";

  static RuncState of(RemoteHost host, ContainerName ct) {
    ExecResult r;
    try {
      r = host.exec(Command.script(STATE, ct.value()), TIMEOUT);
    } catch (RuntimeException e) {
      return new RuncState(UNKNOWN, 0);
    }
    if (r.exitCode() == 3) {
      return new RuncState(ABSENT, 0);
    }
    if (!r.ok()) {
      return new RuncState(UNKNOWN, 0);
    }
    return parse(r.stdout());
  }

  static RuncState parse(String json) {
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      return new RuncState(n.path("status").asText(UNKNOWN), n.path("pid").asLong(0));
    } catch (IOException e) {
      return new RuncState(UNKNOWN, 0);
    }
  }

  boolean running() {
    return status.equals("running");
  }

  boolean paused() {
    return status.equals(PAUSED);
  }

  boolean absent() {
    return status.equals(ABSENT);
  }

  boolean known() {
    return !status.equals(UNKNOWN);
  }
}
