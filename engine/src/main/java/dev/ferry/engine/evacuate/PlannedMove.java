package dev.ferry.engine.evacuate;

import dev.ferry.engine.migration.PreflightCheck;
import dev.ferry.engine.migration.StrategyChoice;
import java.util.List;
import java.util.Optional;

/**
 * One container in an evacuation plan: where it would go, the pre-flight's verdict for that host and
 * the strategy it would use, and whether the user left it out. {@code target} is empty when no host
 * could be offered; {@code problem} then, or for a container that cannot move at all (not running),
 * says why, and the container stays.
 */
public record PlannedMove(
    String container,
    String runtime,
    long memoryBytes,
    Optional<String> target,
    boolean included,
    List<PreflightCheck> checks,
    Optional<StrategyChoice> strategy,
    Optional<String> problem) {

  public PlannedMove {
    checks = List.copyOf(checks);
  }

  /** The failed checks' reasons, joined: why this move is blocked; empty when nothing blocks it. */
  public Optional<String> blockedBecause() {
    if (problem.isPresent()) {
      return problem;
    }
    return checks.stream().filter(c -> c.status() == PreflightCheck.Status.FAIL).map(c -> c.name() + ": " + c.reason())
        .reduce((a, b) -> a + "; " + b);
  }

  public List<PreflightCheck> warnings() {
    return checks.stream().filter(c -> c.status() == PreflightCheck.Status.WARN).toList();
  }

  /** Included by the user, with a target whose pre-flight passed (warnings pass). */
  public boolean willMove() {
    return included && target.isPresent() && blockedBecause().isEmpty();
  }

  /** "pass", "warn (2)" or "blocked: …", for a table. */
  public String verdict() {
    Optional<String> blocked = blockedBecause();
    if (blocked.isPresent()) {
      return "blocked: " + blocked.get();
    }
    int w = warnings().size();
    return w == 0 ? "pass" : "warn (" + w + "): " + warnings().get(0).reason();
  }

  PlannedMove excluded(boolean out) {
    return new PlannedMove(container, runtime, memoryBytes, target, !out, checks, strategy, problem);
  }
}
