package dev.ferry.engine.ssh;

import java.time.Duration;

/**
 * Every SSH time limit and retry setting, typed, with its default in one place.
 *
 * @param connectTimeout TCP connect plus key exchange plus login
 * @param commandTimeout default limit for one remote command; long jobs pass their own
 * @param keepaliveInterval how often an idle session is probed; a dead peer is noticed after
 *     keepaliveInterval x keepaliveCountMax
 * @param reconnectInitialDelay first wait after a dropped session; doubles up to reconnectMaxDelay
 * @param healthCheckInterval how often a session's liveness is looked at
 */
public record SshSettings(
    Duration connectTimeout,
    Duration commandTimeout,
    Duration keepaliveInterval,
    int keepaliveCountMax,
    Duration reconnectInitialDelay,
    Duration reconnectMaxDelay,
    Duration healthCheckInterval) {

  public static SshSettings defaults() {
    return new SshSettings(
        Duration.ofSeconds(15),
        Duration.ofSeconds(120),
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(250),
        // Short enough that a restarted sshd is back in use within a few seconds.
        Duration.ofSeconds(2),
        Duration.ofMillis(500));
  }

  public SshSettings withConnectTimeout(Duration d) {
    return new SshSettings(d, commandTimeout, keepaliveInterval, keepaliveCountMax, reconnectInitialDelay, reconnectMaxDelay, healthCheckInterval);
  }

  public SshSettings withCommandTimeout(Duration d) {
    return new SshSettings(connectTimeout, d, keepaliveInterval, keepaliveCountMax, reconnectInitialDelay, reconnectMaxDelay, healthCheckInterval);
  }
}
