package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import java.util.Optional;

import java.time.Duration;

/**
 * What the user asked for: move this container from here to there, maybe with a strategy of their
 * choosing. {@code watchdogDeadline} is how long after the freeze starts the source may wait for this
 * client to confirm the destination before it takes the container back on its own.
 */
public record MigrationRequest(ContainerName container, Optional<Strategy> strategy, boolean dryRun, Duration watchdogDeadline) {
  // Long enough for the frozen phases of a few GiB at LAN speed; short enough that a dead client
  // costs the container minutes, not hours.
  public static final Duration DEFAULT_WATCHDOG_DEADLINE = Duration.ofSeconds(120);

  public MigrationRequest(ContainerName container, Optional<Strategy> strategy, boolean dryRun) {
    this(container, strategy, dryRun, DEFAULT_WATCHDOG_DEADLINE);
  }
}
