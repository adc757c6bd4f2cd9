package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import dev.ferry.engine.container.RuncStatus;
import dev.ferry.engine.ssh.RemoteHost;

/**
 * What {@code runc state} says about one container on one host, read with the engine's JSON mapper.
 * {@link #ABSENT} when runc does not know it; {@link #UNKNOWN} when the host could not be asked (the
 * difference matters: an unanswered question is never taken as "not there").
 */
record RuncState(String status, long pid) {
  static final String ABSENT = RuncStatus.ABSENT;
  static final String UNKNOWN = RuncStatus.UNKNOWN;
  static final String PAUSED = RuncStatus.PAUSED;
  static final String STOPPED = RuncStatus.STOPPED;

  // runc's JSON is read in one place, RuncStatus; this is migration's name for its answer.
  static RuncState of(RemoteHost host, ContainerName ct) {
    RuncStatus s = RuncStatus.of(host, ct);
    return new RuncState(s.status(), s.pid());
  }

  static RuncState parse(String json) {
    RuncStatus s = RuncStatus.parse(json);
    return new RuncState(s.status(), s.pid());
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
