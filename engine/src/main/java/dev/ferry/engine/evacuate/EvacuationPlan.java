package dev.ferry.engine.evacuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan to move every container off {@code source}: one {@link PlannedMove} per container, in the
 * order they will move, and the hosts that were considered with what they had to spare. Nothing moves
 * until an {@link Evacuation} runs it; changing a target goes through the planner again (its
 * pre-flight is for one host), leaving a container out does not.
 */
public record EvacuationPlan(String source, List<PlannedMove> moves, List<HostLoad> hosts) {
  public EvacuationPlan {
    moves = List.copyOf(moves);
    hosts = List.copyOf(hosts);
  }

  public Optional<PlannedMove> move(String container) {
    return moves.stream().filter(m -> m.container().equals(container)).findFirst();
  }

  /** The same plan with {@code container} left out ({@code out}) or put back in. */
  public EvacuationPlan exclude(String container, boolean out) {
    return replace(require(container).excluded(out));
  }

  EvacuationPlan replace(PlannedMove changed) {
    List<PlannedMove> next = new ArrayList<>(moves);
    next.replaceAll(m -> m.container().equals(changed.container()) ? changed : m);
    return new EvacuationPlan(source, next, hosts);
  }

  PlannedMove require(String container) {
    return move(container).orElseThrow(() -> new IllegalArgumentException("the plan for " + source + " has no container " + container));
  }

  /** How many will move as planned. */
  public long willMove() {
    return moves.stream().filter(PlannedMove::willMove).count();
  }
}
