package dev.ferry.engine.evacuate;

import java.util.List;
import java.util.Optional;

/**
 * What became of one container of an evacuated host: moved (to {@code target}) or stayed, and why it
 * stayed (left out, blocked by the pre-flight, the migration failed and was undone, stopped before its
 * turn). {@code runningOn} is where it was found running when both hosts were asked at the end;
 * {@code reportId} names the migration's report when one ran.
 */
public record ContainerOutcome(String container, Optional<String> target, boolean moved, String why, List<String> runningOn,
    Optional<String> reportId) {
  public ContainerOutcome {
    runningOn = List.copyOf(runningOn);
  }

  ContainerOutcome foundOn(List<String> hosts) {
    return new ContainerOutcome(container, target, moved, why, hosts, reportId);
  }
}
