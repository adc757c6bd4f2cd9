package dev.ferry.engine.migration;

import dev.ferry.engine.container.ContainerName;
import java.util.Optional;

/** What the user asked for: move this container from here to there, maybe with a strategy of their choosing. */
public record MigrationRequest(ContainerName container, Optional<Strategy> strategy, boolean dryRun) {}
